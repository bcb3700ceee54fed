package com.scamscan.api.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.api.agent.signals.Lexicons;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The serverless stack's function code, {@code target/scan-api-VERSION-lambda.jar} (made in {@code package} by the
 * antrun execution of scan-api's pom): small enough for a Lambda zip package, and still a whole scan-api, language
 * detection of every lexicon language included.
 */
class LambdaPackageIT {

    /**
     * Lambda unpacks a function's zip package and its layers to at most 250 MB (262,144,000 bytes). The jar may take
     * 220 MB of it: the rest is for the AWS Parameters and Secrets extension layer (a few MB) and room to grow.
     */
    static final long MAX_UNPACKED_BYTES = 220L * 1024 * 1024;

    @Test
    void theFunctionsJarUnpacksWellInsideLambdasLimitAndKeepsTheLexiconLanguagesModels() throws IOException {
        Path jar = lambdaJar();
        long unpacked = 0;
        Set<String> models = new TreeSet<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                unpacked += entry.getSize();
                String[] parts = entry.getName().split("/");
                if (parts.length == 3 && parts[0].equals("language-models")) {
                    models.add(parts[1]);
                }
            }
            assertTrue(zip.getEntry("com/scamscan/api/lambda/ScanApiFunction.class") != null, "the handler is in it");
        }
        assertTrue(unpacked <= MAX_UNPACKED_BYTES, jar.getFileName() + " unpacks to " + unpacked / 1_000_000 + " MB, above "
                + MAX_UNPACKED_BYTES / 1_000_000 + " MB");
        Set<String> wanted = Lexicons.LANGUAGES.stream().map(tag -> tag.split("-")[0])
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(wanted, models, "exactly the lexicons' languages (scan-api's pom, scamscan.lambda.models)");
    }

    /** A parcel-scam sentence in each lexicon language (Hindi in Devanagari; Hinglish is told by its markers). */
    private static final Map<String, String> SENTENCES = Map.of(
            "en", "Your parcel could not be delivered today, please confirm your address and pay the small fee.",
            "es", "Su paquete no pudo ser entregado hoy, por favor confirme su dirección y pague la pequeña tarifa.",
            "de", "Ihr Paket konnte heute nicht zugestellt werden, bitte bestätigen Sie Ihre Adresse und zahlen Sie die Gebühr.",
            "fr", "Votre colis n'a pas pu être livré aujourd'hui, veuillez confirmer votre adresse et payer les frais.",
            "pt", "O seu pacote não pôde ser entregue hoje, por favor confirme o seu endereço e pague a pequena taxa.",
            "it", "Il tuo pacco non è stato consegnato oggi, per favore conferma il tuo indirizzo e paga la piccola tariffa.",
            "nl", "Uw pakket kon vandaag niet worden bezorgd, bevestig alstublieft uw adres en betaal de kleine vergoeding.",
            "hi", "आपका पार्सल आज नहीं पहुँचाया जा सका, कृपया अपना पता पुष्टि करें और छोटा शुल्क चुकाएँ।");

    /**
     * Loaded from that jar alone, the agent's text signals tell every lexicon language (without a language's models
     * Lingua does not fail, it guesses a neighbour: Dutch becomes German).
     */
    @Test
    void theTextSignalsOfThatJarAloneTellEveryLexiconLanguage() throws Exception {
        assertEquals(Lexicons.LANGUAGES.stream().map(tag -> tag.split("-")[0]).collect(Collectors.toSet()), SENTENCES.keySet());
        try (URLClassLoader loader = new URLClassLoader(new URL[] {lambdaJar().toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> signals = loader.loadClass("com.scamscan.api.agent.signals.TextSignals");
            assertEquals(loader, signals.getClassLoader(), "not the test class path's copy");
            Object instance = signals.getConstructor().newInstance();
            Method scan = signals.getMethod("scan", String.class);
            Map<String, String> told = new TreeMap<>();
            for (Map.Entry<String, String> sentence : SENTENCES.entrySet()) {
                Object result = scan.invoke(instance, sentence.getValue());
                told.put(sentence.getKey(), (String) result.getClass().getMethod("language").invoke(result));
            }
            Map<String, String> expected = new TreeMap<>();
            SENTENCES.keySet().forEach(language -> expected.put(language, language));
            assertEquals(expected, told);
        }
    }

    private static Path lambdaJar() throws IOException {
        Path target = Path.of("target");
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "scan-api-*-lambda.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        }
        throw new AssertionError("no target/scan-api-*-lambda.jar: run ./mvnw -pl scan-api -am package (or verify)");
    }
}

package com.scamscan.api.agent.signals;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A second opinion on a message's language: its function words. Lingua cannot always tell close languages apart
 * in a short message (Spanish and Portuguese share most trigrams), and the words that only one of them uses
 * ("usted", "voce", "nicht", "het") settle it.
 */
public final class FunctionWords {

    private static final Pattern WORD = Pattern.compile("\\p{L}+");

    /** Function words of each language (accent-stripped, lower case) that are rare in the others. */
    static final Map<String, Set<String>> WORDS = Map.of(
            "en", Set.of("the", "and", "is", "you", "your", "to", "of", "for", "with", "please", "has", "been", "this", "we", "will", "now"),
            "de", Set.of("der", "die", "das", "und", "ist", "nicht", "sie", "ihr", "ihre", "ihnen", "wir", "bitte", "mit", "fur", "auf",
                    "zu", "den", "dem", "ein", "eine", "einen", "wurde", "werden", "ihres", "ihrem", "jetzt", "sendung", "paket", "konto"),
            "nl", Set.of("het", "een", "niet", "je", "uw", "jouw", "wij", "van", "op", "voor", "naar", "zijn", "wordt", "bij", "dit",
                    "deze", "pakket", "betaling", "rekening", "nu", "alstublieft"),
            "it", Set.of("il", "gli", "di", "che", "non", "per", "della", "delle", "pacco", "pagamento", "sono", "tuo", "tua", "suo",
                    "questo", "alla", "al", "ora", "conto", "spedizione"),
            "pt", Set.of("os", "nao", "para", "seu", "sua", "voce", "encomenda", "pagamento", "ao", "dos", "das", "em", "agora", "conta", "um", "uma",
                    "com", "nossa", "nosso", "hoje", "tem", "muito", "mas", "dinheiro"),
            "fr", Set.of("le", "les", "des", "et", "est", "pas", "une", "pour", "avec", "vous", "votre", "colis", "paiement", "du", "au",
                    "aux", "sur", "dans", "maintenant", "compte"),
            "es", Set.of("el", "los", "las", "que", "y", "usted", "paquete", "pago", "tu", "su", "del", "por", "es", "ahora", "cuenta", "envio",
                    "con", "nuestra", "nuestro", "hoy", "tiene", "muy", "pero", "dinero"));


    private FunctionWords() {
    }

    /**
     * The message's language by its function words (ISO 639-1), or {@code null} when it is not clearly one language:
     * at least three function words of it and half again as many as of any other.
     */
    public static String language(String text) {
        Map<String, Integer> scores = new LinkedHashMap<>();
        Matcher words = WORD.matcher(Normaliser.normalise(text));
        while (words.find()) {
            String word = words.group();
            for (Map.Entry<String, Set<String>> lang : WORDS.entrySet()) {
                if (lang.getValue().contains(word)) {
                    scores.merge(lang.getKey(), 1, Integer::sum);
                }
            }
        }
        String best = null;
        int top = 0;
        int second = 0;
        for (Map.Entry<String, Integer> score : scores.entrySet()) {
            if (score.getValue() > top) {
                second = top;
                top = score.getValue();
                best = score.getKey();
            } else if (score.getValue() > second) {
                second = score.getValue();
            }
        }
        return top >= 3 && top * 2 >= second * 3 && top > second ? best : null;
    }

    /**
     * Of the candidate languages, the one with strictly the most function words in the text, if any: the
     * tie-break when a detector rates two languages alike.
     */
    public static String prefer(String text, java.util.Collection<String> candidates) {
        Map<String, Integer> scores = new LinkedHashMap<>();
        Matcher words = WORD.matcher(Normaliser.normalise(text));
        while (words.find()) {
            for (String candidate : candidates) {
                Set<String> known = WORDS.get(candidate);
                if (known != null && known.contains(words.group())) {
                    scores.merge(candidate, 1, Integer::sum);
                }
            }
        }
        return scores.entrySet().stream().max(Map.Entry.comparingByValue())
                .filter(best -> scores.values().stream().filter(v -> v.equals(best.getValue())).count() == 1)
                .map(Map.Entry::getKey).orElse(null);
    }
}

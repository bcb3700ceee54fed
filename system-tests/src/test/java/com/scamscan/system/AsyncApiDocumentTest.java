package com.scamscan.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.progress.CloseCode;
import com.scamscan.progress.Step;
import com.scamscan.progress.VerdictLabel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docs/asyncapi.yaml, the machine-readable stream protocol, says what the code does: it parses, every local
 * reference resolves, and its steps, verdict labels and close codes (with reasons and client actions) are exactly
 * the ones the protocol types hold.
 */
class AsyncApiDocumentTest {

    private static final Path DOCUMENT = Path.of(System.getProperty("scamscan.root", ".."), "docs", "asyncapi.yaml");

    @Test
    void isAnAsyncApi3DocumentWhoseReferencesAllResolve() throws IOException {
        Map<String, Object> document = load();
        assertEquals("3.0.0", document.get("asyncapi"));
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);
        assertTrue(refs.size() > 5, refs.toString());
        for (String ref : refs) {
            assertTrue(ref.startsWith("#/"), "only local references: " + ref);
            Object target = document;
            for (String part : ref.substring(2).split("/")) {
                assertTrue(target instanceof Map<?, ?> map && map.containsKey(part), "unresolved " + ref);
                target = ((Map<?, ?>) target).get(part);
            }
        }
    }

    @Test
    void stepsAndVerdictLabelsAreThoseOfTheProtocol() throws IOException {
        Map<String, Object> schemas = at(load(), "components", "schemas");
        assertEquals(names(Arrays.stream(Step.values()).map(Step::wireName).toList()),
                names(list(at(schemas, "step").get("enum"))));
        Map<String, Object> label = at(schemas, "verdict", "properties", "label");
        assertEquals(names(Arrays.stream(VerdictLabel.values()).map(VerdictLabel::wireName).toList()),
                names(list(label.get("enum"))));
    }

    @Test
    void closeCodesAreThoseOfCloseCodeWithTheirReasonsAndActions() throws IOException {
        Map<Integer, String> documented = new LinkedHashMap<>();
        for (Object entry : list(at(load(), "x-close-codes").get("codes"))) {
            Map<?, ?> code = (Map<?, ?>) entry;
            documented.put((Integer) code.get("code"), code.get("reason") + " / " + code.get("action"));
        }
        Map<Integer, String> inCode = new LinkedHashMap<>();
        for (CloseCode code : CloseCode.values()) {
            inCode.put(code.code(), code.reason() + " / " + code.clientAction());
        }
        assertEquals(inCode, documented);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load() throws IOException {
        return (Map<String, Object>) new Yaml().load(Files.readString(DOCUMENT));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Map<String, Object> node, String... path) {
        Map<String, Object> here = node;
        for (String key : path) {
            assertTrue(here.get(key) instanceof Map, "no map at " + key + " of " + String.join("/", path));
            here = (Map<String, Object>) here.get(key);
        }
        return here;
    }

    private static List<?> list(Object value) {
        assertTrue(value instanceof List, "not a list: " + value);
        return (List<?>) value;
    }

    private static Set<String> names(List<?> values) {
        return values.stream().map(String::valueOf).collect(Collectors.toCollection(TreeSet::new));
    }

    private static void collectRefs(Object node, List<String> refs) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if ("$ref".equals(key)) {
                    refs.add(String.valueOf(value));
                } else {
                    collectRefs(value, refs);
                }
            });
        } else if (node instanceof List<?> items) {
            items.forEach(item -> collectRefs(item, refs));
        }
    }
}

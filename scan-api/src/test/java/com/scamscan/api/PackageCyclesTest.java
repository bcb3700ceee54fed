package com.scamscan.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * scan-api's features depend on each other in one direction only: the source under {@code src/main/java} is read, each
 * reference to one of our classes in another feature (an import or a fully qualified name; comments and strings do not
 * count) is an edge, and the graph must have no cycle. A feature is a direct package of {@code com.scamscan.api} with
 * its subpackages ({@code agent}, {@code queue}, {@code scan}, {@code worker}, ...); the root package is one of its own.
 */
class PackageCyclesTest {

    private static final String ROOT = "com.scamscan.api";
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\b" + Pattern.quote(ROOT) + "((?:\\.[a-z_][\\w]*)*)\\.[A-Z]");
    private static final Pattern COMMENTS_AND_STRINGS = Pattern.compile(
            "/\\*.*?\\*/|//[^\\n]*|\"\"\".*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])*'", Pattern.DOTALL);

    @Test
    void scanApisFeaturesFormNoCycle() {
        Map<String, Set<String>> graph = dependencies(SOURCES, PackageCyclesTest::feature);
        assertTrue(graph.keySet().containsAll(List.of("agent", "queue", "scan", "worker")), "the sources were read: " + graph);
        assertEquals(List.of(), cycles(graph), "features that depend on each other; the graph: " + graph);
    }

    @Test
    void theQueueKnowsNothingOfTheAgentAndTheWorkersWireThem() {
        Map<String, Set<String>> graph = dependencies(SOURCES, PackageCyclesTest::feature);
        assertTrue(!graph.get("queue").contains("agent") && !graph.get("agent").contains("worker"), graph.toString());
        assertTrue(graph.get("worker").containsAll(List.of("agent", "queue")), graph.toString());
    }

    @Test
    void aCycleIsFoundAndNamed(@org.junit.jupiter.api.io.TempDir Path sources) throws IOException {
        write(sources, "a/A.java", "package com.scamscan.api.a;\nimport com.scamscan.api.b.B;\nclass A {}\n");
        write(sources, "b/B.java", "package com.scamscan.api.b;\n/** {@link com.scamscan.api.c.C} in a comment */\n"
                + "class B { String s = \"com.scamscan.api.d.D\"; com.scamscan.api.c.C c; }\n");
        write(sources, "c/C.java", "package com.scamscan.api.c;\nimport static com.scamscan.api.a.A.thing;\nclass C {}\n");
        write(sources, "d/D.java", "package com.scamscan.api.d;\nimport com.scamscan.api.a.A;\nclass D {}\n");
        Map<String, Set<String>> graph = dependencies(sources, PackageCyclesTest::feature);
        assertEquals(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a")), graph,
                "imports, static imports and qualified names count; comments and strings do not");
        assertEquals(List.of(List.of("a", "b", "c")), cycles(graph));

        write(sources, "c/C.java", "package com.scamscan.api.c;\nclass C {}\n");
        assertEquals(List.of(), cycles(dependencies(sources, PackageCyclesTest::feature)));
    }

    /** The feature a package belongs to: its first segment below {@value #ROOT}, or {@code (root)}. */
    private static String feature(String pkg) {
        if (pkg.equals(ROOT)) {
            return "(root)";
        }
        String below = pkg.substring(ROOT.length() + 1);
        int dot = below.indexOf('.');
        return dot < 0 ? below : below.substring(0, dot);
    }

    /** For each unit (a feature), the other units its sources refer to. */
    static Map<String, Set<String>> dependencies(Path sources, UnaryOperator<String> unit) {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String code = COMMENTS_AND_STRINGS.matcher(Files.readString(file)).replaceAll(" ");
                Matcher declared = PACKAGE.matcher(code);
                if (!declared.find() || !(declared.group(1) + ".").startsWith(ROOT + ".")) {
                    continue;
                }
                String from = unit.apply(declared.group(1));
                Set<String> targets = graph.computeIfAbsent(from, k -> new TreeSet<>());
                Matcher reference = REFERENCE.matcher(code);
                while (reference.find()) {
                    String to = unit.apply(ROOT + reference.group(1));
                    if (!to.equals(from)) {
                        targets.add(to);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    /** The graph's cycles as its strongly connected components of more than one unit (Tarjan), each sorted. */
    static List<List<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> found = new ArrayList<>();
        for (String node : graph.keySet()) {
            if (!index.containsKey(node)) {
                connect(node, graph, index, low, stack, onStack, found);
            }
        }
        return found;
    }

    private static void connect(String node, Map<String, Set<String>> graph, Map<String, Integer> index, Map<String, Integer> low,
                                Deque<String> stack, Set<String> onStack, List<List<String>> found) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        onStack.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next, graph, index, low, stack, onStack, found);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            List<String> component = new ArrayList<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            if (component.size() > 1) {
                found.add(component.stream().sorted().toList());
            }
        }
    }

    private static void write(Path root, String file, String text) throws IOException {
        Path path = root.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }
}

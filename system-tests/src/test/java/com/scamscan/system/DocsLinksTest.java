package com.scamscan.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's documentation stands on its own: README.md, BENCHMARKS.md and docs/*.md link only to files and
 * headings that exist, refer to nothing outside the repository, name no planning ids, and the README stays short.
 * The pages are read with a Markdown parser (links and headings as Markdown means them, code spans and blocks left
 * alone); heading anchors are GitHub's.
 */
class DocsLinksTest {

    static final int README_MAX_LINES = 200;

    @Test
    void everyRelativeLinkAndAnchorLeadsSomewhere() {
        Docs docs = new Docs(repositoryRoot());
        List<String> problems = docs.brokenLinks();
        assertTrue(problems.isEmpty(), "links that lead nowhere:\n" + String.join("\n", problems));
    }

    @Test
    void nothingOutsideTheRepositoryIsReferredTo() {
        Docs docs = new Docs(repositoryRoot());
        List<String> problems = docs.outsideReferences();
        assertTrue(problems.isEmpty(), "references outside the repository:\n" + String.join("\n", problems));
    }

    @Test
    void noPlanningIds() {
        Docs docs = new Docs(repositoryRoot());
        List<String> problems = docs.planningIds();
        assertTrue(problems.isEmpty(), "planning ids (say what the thing is instead):\n" + String.join("\n", problems));
    }

    @Test
    void readmeIsAtMost200Lines() throws IOException {
        long lines = Docs.lineCount(repositoryRoot().resolve("README.md"));
        assertTrue(lines <= README_MAX_LINES, "README.md has " + lines + " lines; at most " + README_MAX_LINES);
    }

    // The checker itself, on pages written for the purpose: each rule must be able to fail.

    @Test
    void checkerReportsAMissingFileAMissingAnchorAndALinkOutOfTheRepository(@TempDir Path root) throws IOException {
        write(root, "README.md", """
                # Title
                [ok](docs/page.md) [ok anchor](docs/page.md#a-heading-with-code-and-punctuation)
                [missing](docs/nothing.md) [bad anchor](docs/page.md#no-such-heading) [up](../elsewhere.md)
                [self](#title) [bad self](#untitled) [web](https://example.com/x.md) `[code](not/a/link.md)`
                """);
        write(root, "BENCHMARKS.md", "# Figures\n");
        write(root, "docs/page.md", """
                ## A heading with `code`, and punctuation!
                [back](../README.md#title) [folder](../docs) <a id="kept"></a>[html anchor](#kept)
                ```
                [fenced](nowhere.md)
                ```
                """);

        List<String> problems = new Docs(root).brokenLinks();

        assertEquals(List.of(
                "README.md: docs/nothing.md: no such file",
                "README.md: docs/page.md#no-such-heading: no such heading",
                "README.md: ../elsewhere.md: outside the repository",
                "README.md: #untitled: no such heading"), problems);
    }

    @Test
    void checkerReportsMentionsOfOutsideDocumentsAndPlanningIds(@TempDir Path root) throws IOException {
        write(root, "README.md", "See `../shared/spec` and the DESIGN.md contract.\n");
        write(root, "BENCHMARKS.md", "Measured before Story 1.2, for Epic 3 (issue 4, item 5; criterion 6).\n");
        write(root, "docs/design.md", "# Design\n\nThe design lives here, in docs/design.md; see [protocol](../shared/protocol).\n");

        Docs docs = new Docs(root);

        assertEquals(List.of("README.md:1: ../shared/", "README.md:1: DESIGN.md"), docs.outsideReferences());
        assertEquals(List.of("BENCHMARKS.md:1: Story 1.2", "BENCHMARKS.md:1: Epic 3", "BENCHMARKS.md:1: issue 4",
                "BENCHMARKS.md:1: item 5", "BENCHMARKS.md:1: criterion 6"), docs.planningIds());
    }

    @Test
    void anchorsAreGitHubs() {
        assertEquals("timeouts-across-the-apps", Docs.slug("Timeouts across the apps"));
        assertEquals("get-taskstask_idstream-token", Docs.slug("GET /tasks/{task_id}/stream-token"));
        assertEquals("run-and-the-tests", Docs.slug("./run and the tests"));
        assertEquals("scan-api-outside-services-all-off-unless-configured",
                Docs.slug("scan-api: outside services (all off unless configured)"));
    }

    private static void write(Path root, String file, String text) throws IOException {
        Path path = root.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text, StandardCharsets.UTF_8);
    }

    /** The checkout this test runs in: the nearest directory above the working directory with the wrapper and README. */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isRegularFile(dir.resolve("README.md"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no repository root (mvnw and README.md) above " + Path.of("").toAbsolutePath());
    }

    /** README.md, BENCHMARKS.md and docs/*.md of one repository root. */
    static final class Docs {

        private static final Parser PARSER = Parser.builder().build();
        private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:|^//");
        private static final Pattern HTML_ID = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");
        private static final Pattern SHARED = Pattern.compile("((?:\\.\\./)+)shared/");
        private static final Pattern DESIGN = Pattern.compile("DESIGN\\.md");
        private static final Pattern PLANNING_ID = Pattern.compile(
                "\\b(?:[Ss]tory \\d+(?:\\.\\d+)*|[Ee]pic \\d+|[Ii]ssue #?\\d+|[Cc]riterion \\d+|[Ii]tem \\d+)\\b");

        private final Path root;
        private final List<Path> pages;
        private final Map<Path, Set<String>> anchors = new HashMap<>();

        Docs(Path root) {
            this.root = root.toAbsolutePath().normalize();
            List<Path> found = new ArrayList<>();
            found.add(this.root.resolve("README.md"));
            found.add(this.root.resolve("BENCHMARKS.md"));
            Path docs = this.root.resolve("docs");
            if (Files.isDirectory(docs)) {
                try (Stream<Path> files = Files.list(docs)) {
                    files.filter(f -> f.getFileName().toString().endsWith(".md")).sorted().forEach(found::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            this.pages = found;
        }

        List<String> brokenLinks() {
            List<String> problems = new ArrayList<>();
            for (Path page : pages) {
                for (String destination : destinations(page)) {
                    String problem = check(page, destination);
                    if (problem != null) {
                        problems.add(name(page) + ": " + destination + ": " + problem);
                    }
                }
            }
            return problems;
        }

        /**
         * Mentions of the folder beside the checkout ({@code ../shared/} where it leaves the repository; from docs/ it
         * is the repository's own shared/) and of a DESIGN.md the repository does not have.
         */
        List<String> outsideReferences() {
            List<String> problems = new ArrayList<>();
            boolean hasDesign = Files.exists(root.resolve("DESIGN.md"));
            for (Path page : pages) {
                List<String> lines = lines(page);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher shared = SHARED.matcher(lines.get(i));
                    while (shared.find()) {
                        if (!page.getParent().resolve(shared.group(1)).normalize().startsWith(root)) {
                            problems.add(name(page) + ":" + (i + 1) + ": " + shared.group());
                        }
                    }
                    Matcher design = DESIGN.matcher(lines.get(i));
                    while (design.find() && !hasDesign) {
                        problems.add(name(page) + ":" + (i + 1) + ": " + design.group());
                    }
                }
            }
            return problems;
        }

        List<String> planningIds() {
            return matches(PLANNING_ID);
        }

        private List<String> matches(Pattern pattern) {
            List<String> problems = new ArrayList<>();
            for (Path page : pages) {
                List<String> lines = lines(page);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher matcher = pattern.matcher(lines.get(i));
                    while (matcher.find()) {
                        problems.add(name(page) + ":" + (i + 1) + ": " + matcher.group());
                    }
                }
            }
            return problems;
        }

        /** Null when the link leads somewhere, else why it does not. */
        private String check(Path page, String destination) {
            if (SCHEME.matcher(destination).find()) {
                return null;
            }
            int hash = destination.indexOf('#');
            String file = hash < 0 ? destination : destination.substring(0, hash);
            String anchor = hash < 0 ? "" : destination.substring(hash + 1);
            Path target = file.isEmpty() ? page : page.getParent().resolve(decode(file)).normalize();
            if (!target.startsWith(root)) {
                return "outside the repository";
            }
            if (!Files.exists(target)) {
                return "no such file";
            }
            if (!anchor.isEmpty() && target.getFileName().toString().endsWith(".md")
                    && !anchors(target).contains(decode(anchor).toLowerCase(Locale.ROOT))) {
                return "no such heading";
            }
            return null;
        }

        private Set<String> anchors(Path page) {
            return anchors.computeIfAbsent(page, p -> {
                Set<String> found = new LinkedHashSet<>();
                Map<String, Integer> seen = new HashMap<>();
                Node document = PARSER.parse(read(p));
                document.accept(new AbstractVisitor() {
                    @Override
                    public void visit(Heading heading) {
                        String slug = slug(text(heading));
                        int count = seen.merge(slug, 1, Integer::sum);
                        found.add(count == 1 ? slug : slug + "-" + (count - 1));
                    }

                    @Override
                    public void visit(HtmlInline html) {
                        htmlIds(html.getLiteral(), found);
                    }

                    @Override
                    public void visit(HtmlBlock html) {
                        htmlIds(html.getLiteral(), found);
                    }
                });
                return found;
            });
        }

        private static void htmlIds(String html, Set<String> into) {
            Matcher matcher = HTML_ID.matcher(html);
            while (matcher.find()) {
                into.add(matcher.group(1).toLowerCase(Locale.ROOT));
            }
        }

        private List<String> destinations(Path page) {
            List<String> found = new ArrayList<>();
            PARSER.parse(read(page)).accept(new AbstractVisitor() {
                @Override
                public void visit(Link link) {
                    found.add(link.getDestination());
                    visitChildren(link);
                }

                @Override
                public void visit(Image image) {
                    found.add(image.getDestination());
                    visitChildren(image);
                }
            });
            return found;
        }

        /** GitHub's heading anchor: lower case, only letters, marks, digits, underscores, hyphens and spaces; spaces become hyphens. */
        static String slug(String heading) {
            return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "").replace(' ', '-');
        }

        private static String text(Node node) {
            StringBuilder text = new StringBuilder();
            node.accept(new AbstractVisitor() {
                @Override
                public void visit(Text t) {
                    text.append(t.getLiteral());
                }

                @Override
                public void visit(Code code) {
                    text.append(code.getLiteral());
                }
            });
            return text.toString().strip();
        }

        private static String decode(String part) {
            return java.net.URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
        }

        private String name(Path page) {
            return root.relativize(page).toString().replace('\\', '/');
        }

        private static String read(Path page) {
            try {
                return Files.readString(page, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static List<String> lines(Path page) {
            return read(page).lines().toList();
        }

        static long lineCount(Path page) {
            return lines(page).size();
        }
    }
}

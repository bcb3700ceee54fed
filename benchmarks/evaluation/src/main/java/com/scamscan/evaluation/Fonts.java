package com.scamscan.evaluation;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The DejaVu Sans faces from Debian's fonts-dejavu-core, loaded from their files so every machine draws the same
 * glyphs. The directory is the system property {@code evaluation.fontDir}, by default Debian's.
 */
final class Fonts {

    static final Path DIRECTORY = Path.of(System.getProperty("evaluation.fontDir", "/usr/share/fonts/truetype/dejavu"));
    static final Font REGULAR = load("DejaVuSans.ttf");
    static final Font BOLD = load("DejaVuSans-Bold.ttf");

    private Fonts() {
    }

    private static Font load(String name) {
        Path file = DIRECTORY.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: install Debian's fonts-dejavu-core or set -Devaluation.fontDir");
        }
        try {
            return Font.createFont(Font.TRUETYPE_FONT, file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (FontFormatException e) {
            throw new IllegalStateException(file + " is not a TrueType font", e);
        }
    }
}

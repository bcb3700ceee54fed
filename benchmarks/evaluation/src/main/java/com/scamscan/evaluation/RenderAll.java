package com.scamscan.evaluation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes a corpus's screenshots to a folder, to look at them (the unit tests write both corpora to target/screenshots). */
public final class RenderAll {

    private RenderAll() {
    }

    /** Renders each sample to {@code directory/ID.EXT}; returns how many were written. */
    public static int write(List<Sample> samples, Path directory) throws IOException {
        Files.createDirectories(directory);
        for (Sample sample : samples) {
            Screenshot shot = Renderer.render(sample);
            Files.write(directory.resolve(sample.id() + "." + shot.extension()), shot.bytes());
        }
        return samples.size();
    }
}

package com.scamscan.api.agent;

import com.scamscan.progress.Step;

/** One step of the analysis. Implementations add entities, findings or the verdict to the {@link Analysis}. */
public interface AgentTool {

    /** The step this tool reports as. */
    Step step();

    /** The tool's own name, sent as {@code tool} for UI mapping. */
    default String name() {
        return step().wireName();
    }

    /** What the person sees while it runs, e.g. "Checking scam database...". */
    String startMessage();

    /**
     * Runs the tool.
     *
     * @return the one-line result the person sees, e.g. "1 URL on a phishing feed"
     * @throws Exception when the tool cannot do its work; the task then ends {@code failed} with the reason
     */
    String run(Analysis analysis) throws Exception;

    /**
     * Frees what the calling thread holds for this tool (an OCR engine); called on a {@link ToolRunner} thread as it
     * ends. Nothing by default.
     */
    default void releaseThread() {
    }
}

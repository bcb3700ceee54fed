package com.scamscan.api.agent.tools;

import com.scamscan.api.agent.AgentTool;
import com.scamscan.api.agent.Analysis;
import com.scamscan.api.agent.Finding;
import com.scamscan.api.agent.scamdb.ScamDatabase;
import com.scamscan.api.agent.scamdb.ScamDbGuard;
import com.scamscan.api.agent.text.EntityExtractor;
import com.scamscan.progress.Entities;
import com.scamscan.progress.Step;
import jakarta.inject.Singleton;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Looks every link, host and phone number up in the scam database, after making sure its feeds' data is in Redis
 * (re-imported when Redis lost it, see {@link ScamDbGuard}).
 */
@Singleton
public class ScamDbTool implements AgentTool {

    static final int URL_WEIGHT = 70;
    static final int DOMAIN_WEIGHT = 55;
    static final int PHONE_WEIGHT = 50;

    private final ScamDatabase database;
    private final ScamDbGuard guard;

    public ScamDbTool(ScamDatabase database, ScamDbGuard guard) {
        this.database = database;
        this.guard = guard;
    }

    @Override
    public Step step() {
        return Step.SCAM_DB;
    }

    @Override
    public String startMessage() {
        return "Checking scam database...";
    }

    @Override
    public String run(Analysis analysis) throws InterruptedException {
        Entities entities = analysis.entities();
        int checked = entities.urls().size() + entities.domains().size() + entities.phones().size();
        List<String> missing = checked == 0 ? List.of() : guard.ensureIntact();
        int hits = 0;
        Set<String> listedHosts = new LinkedHashSet<>();
        for (String url : entities.urls()) {
            if (database.hasUrl(url).toCompletableFuture().join()) {
                analysis.add(new Finding(name(), URL_WEIGHT, "The link " + url + " is on a phishing or malware feed"));
                EntityExtractor.hostOf(url.contains("://") ? url : "http://" + url).ifPresent(listedHosts::add);
                hits++;
            }
        }
        for (String domain : entities.domains()) {
            if (!listedHosts.contains(domain) && database.hasDomain(domain).toCompletableFuture().join()) {
                analysis.add(new Finding(name(), DOMAIN_WEIGHT, "The domain " + domain + " is a known scam domain"));
                hits++;
            }
        }
        for (String phone : entities.phones()) {
            if (database.hasPhone(phone).toCompletableFuture().join()) {
                analysis.add(new Finding(name(), PHONE_WEIGHT, "The number " + phone + " is reported for scam calls or texts"));
                hits++;
            }
        }
        if (checked == 0) {
            return "Nothing to look up";
        }
        String result = hits == 0 ? "None of " + checked + " entries is in the scam database"
                : hits + " of " + checked + " entries found in the scam database";
        return missing.isEmpty() ? result : result + " (not consulted, being re-imported: " + String.join(", ", missing) + ")";
    }
}

package com.scamscan.gateway.relay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.gateway.testing.Gateway;
import com.scamscan.testing.client.TestClient;
import com.scamscan.progress.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a client sees of a task's stream: full flow, late join, resume, fan-out, subscriptions. Run on a single Redis
 * ({@link ProgressStreamIT}) and on a local Redis Cluster ({@link ProgressStreamClusterIT}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ProgressStreamContract {

    protected Gateway gateway;

    /** Starts the gateway under test, once for the class. */
    protected abstract Gateway startGateway();

    @BeforeAll
    void start() {
        gateway = startGateway();
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void fullFlowDeliversEveryStepInOrderThenClosesNormally() {
        String taskId = gateway.newTask();
        TestClient client = gateway.connect(taskId).awaitFrames(1);
        assertTrue(client.frames().get(0).matches(
                "\\{\"step\":\"connected\",\"message\":\"Connected to agent progress stream\",\"percent\":0,"
                        + "\"timestamp\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\",\"resumed\":true}"),
                client.frames().get(0));
        await().until(() -> gateway.numsub(taskId) == 1);

        List<String> published = new ArrayList<>();
        published.add(gateway.publish(taskId, Step.ENTITY_EXTRACTION, 10));
        published.add(gateway.publish(taskId, Step.ENTITY_EXTRACTION, 20));
        published.add(gateway.publish(taskId, Step.SCAM_DB, 30));
        published.add(gateway.publish(taskId, Step.EXA_SEARCH, 50));
        published.add(gateway.publish(taskId, Step.DOMAIN_REPUTATION, 65));
        published.add(gateway.publish(taskId, Step.PHONE_VALIDATOR, 80));
        published.add(gateway.publish(taskId, Step.REASONING, 90));
        published.add(gateway.complete(taskId));

        assertEquals(1000, client.awaitClose());
        assertEquals(published, client.events(), "every event, in order, byte for byte");
        await().until(() -> gateway.numsub(taskId) == 0);
    }

    @Test
    void lateJoinerReceivesEveryEarlierEventOnce() {
        String taskId = gateway.newTask();
        List<String> published = new ArrayList<>();
        published.add(gateway.publish(taskId, Step.ENTITY_EXTRACTION, 10));
        published.add(gateway.publish(taskId, Step.SCAM_DB, 30));
        published.add(gateway.publish(taskId, Step.EXA_SEARCH, 50));

        TestClient late = gateway.connect(taskId).awaitFrames(4);
        published.add(gateway.publish(taskId, Step.DOMAIN_REPUTATION, 65));
        published.add(gateway.publish(taskId, Step.PHONE_VALIDATOR, 80));
        published.add(gateway.publish(taskId, Step.REASONING, 90));
        published.add(gateway.complete(taskId));

        assertEquals(1000, late.awaitClose());
        assertEquals(published, late.events());
    }

    @Test
    void joinerDuringAStreamOfEventsMissesNoneAndSeesNoneTwice() {
        String taskId = gateway.newTask();
        List<String> published = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            published.add(gateway.publish(taskId, Step.SCAM_DB, 30));
        }
        Thread publisher = new Thread(() -> {
            for (int i = 0; i < 200; i++) {
                synchronized (published) {
                    published.add(gateway.publish(taskId, Step.SCAM_DB, 30));
                }
            }
        });
        publisher.start();
        TestClient client = gateway.connect(taskId);
        await().until(() -> !publisher.isAlive());
        synchronized (published) {
            published.add(gateway.complete(taskId));
        }
        assertEquals(1000, client.awaitClose());
        assertEquals(published, client.events());
    }

    @Test
    void reconnectWithLastSeqGetsOnlyWhatCameAfter() {
        String taskId = gateway.newTask();
        TestClient first = gateway.connect(taskId).awaitFrames(1);
        await().until(() -> gateway.numsub(taskId) == 1);
        String e1 = gateway.publish(taskId, Step.ENTITY_EXTRACTION, 10);
        String e2 = gateway.publish(taskId, Step.SCAM_DB, 30);
        first.awaitFrames(3);
        first.abort();

        String e3 = gateway.publish(taskId, Step.EXA_SEARCH, 50);
        String e4 = gateway.publish(taskId, Step.DOMAIN_REPUTATION, 65);
        TestClient again = TestClient.connect(gateway.uri(taskId, 2));
        again.awaitFrames(3);
        String e5 = gateway.complete(taskId);

        assertEquals(1000, again.awaitClose());
        assertEquals(List.of(e1, e2), first.events());
        assertEquals(List.of(e3, e4, e5), again.events());
    }

    @Test
    void aResumeThatHistoryNoLongerCoversSaysSoAndSendsWhatIsLeft() {
        String taskId = gateway.newTask();
        List<String> published = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            published.add(gateway.publish(taskId, Step.SCAM_DB, 10 * i));
        }
        TestClient covered = TestClient.connect(gateway.uri(taskId, 3)).awaitFrames(4);
        assertTrue(covered.frames().get(0).endsWith(",\"resumed\":true}"), covered.frames().get(0));

        gateway.trimHistory(taskId, 2); // 1 to 4 are gone
        TestClient trimmed = TestClient.connect(gateway.uri(taskId, 2)).awaitFrames(3);
        assertTrue(trimmed.frames().get(0).endsWith(",\"resumed\":false,\"first_seq\":5}"), trimmed.frames().get(0));
        assertEquals(published.subList(4, 6), trimmed.events());
        TestClient caughtUp = TestClient.connect(gateway.uri(taskId, 4)).awaitFrames(3);
        assertTrue(caughtUp.frames().get(0).endsWith(",\"resumed\":true}"), "4 is the last it needs: "
                + caughtUp.frames().get(0));

        gateway.trimHistory(taskId, 0); // expired
        TestClient expired = TestClient.connect(gateway.uri(taskId, 2)).awaitFrames(1);
        assertTrue(expired.frames().get(0).endsWith(",\"resumed\":false}"), expired.frames().get(0));
        String next = gateway.complete(taskId);
        assertEquals(1000, expired.awaitClose());
        assertEquals(List.of(next), expired.events(), "live events still come");
        covered.abort();
        trimmed.abort();
        caughtUp.abort();
    }

    @Test
    void lastSeqAtOrBeyondTheTasksLastEventStillGetsWhatComesNext() {
        String taskId = gateway.newTask();
        gateway.publish(taskId, Step.ENTITY_EXTRACTION, 10);
        gateway.publish(taskId, Step.SCAM_DB, 30); // the task is running at seq 2
        TestClient at = TestClient.connect(gateway.uri(taskId, 2)).awaitFrames(1);
        TestClient beyond = TestClient.connect(gateway.uri(taskId, 50)).awaitFrames(1);
        await().until(() -> gateway.relay().connections() >= 2);
        String e3 = gateway.publish(taskId, Step.EXA_SEARCH, 50);
        String done = gateway.complete(taskId);

        assertEquals(1000, at.awaitClose());
        assertEquals(List.of(e3, done), at.events());
        assertEquals(1000, beyond.awaitClose(), "the final event is not taken for one the client already has");
        assertEquals(List.of(e3, done), beyond.events());
    }

    @Test
    void clientOfAFinishedTaskGetsTheRestThenNormalClose() {
        String taskId = gateway.newTask();
        String e1 = gateway.publish(taskId, Step.SCAM_DB, 30);
        String done = gateway.complete(taskId);

        TestClient fromStart = gateway.connect(taskId);
        assertEquals(1000, fromStart.awaitClose());
        assertEquals(List.of(e1, done), fromStart.events());

        TestClient hadItAll = TestClient.connect(gateway.uri(taskId, 2));
        assertEquals(1000, hadItAll.awaitClose());
        assertEquals(List.of(), hadItAll.events());
    }

    @Test
    void fiftyClientsOverTenTasksEachGetExactlyTheirTasksEventsOnOneSubscriberConnection() {
        List<String> taskIds = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
            taskIds.add(gateway.newTask());
        }
        List<TestClient> clients = new ArrayList<>();
        for (int c = 0; c < 50; c++) {
            clients.add(gateway.connect(taskIds.get(c % 10)));
        }
        for (TestClient client : clients) {
            client.awaitFrames(1);
        }
        await().until(() -> taskIds.stream().allMatch(id -> gateway.numsub(id) == 1));
        assertEquals(1, gateway.pubSubClients(), "one pub/sub connection for the whole instance (per node on a cluster)");
        assertEquals(10, gateway.relay().subscriptionCount());

        Map<String, List<String>> published = new java.util.HashMap<>();
        for (String taskId : taskIds) {
            List<String> events = new ArrayList<>();
            events.add(gateway.publish(taskId, Step.ENTITY_EXTRACTION, 10));
            events.add(gateway.publish(taskId, Step.SCAM_DB, 30));
            published.put(taskId, events);
        }
        for (String taskId : taskIds) {
            published.get(taskId).add(gateway.complete(taskId));
        }
        for (int c = 0; c < 50; c++) {
            TestClient client = clients.get(c);
            assertEquals(1000, client.awaitClose());
            assertEquals(published.get(taskIds.get(c % 10)), client.events(), "client " + c);
        }
        await().until(() -> taskIds.stream().allMatch(id -> gateway.numsub(id) == 0));
        await().until(() -> gateway.relay().connections() == 0 && gateway.relay().subscriptionCount() == 0);
    }

    @Test
    void lastClientToLeaveUnsubscribesAndEarlierOnesDoNot() {
        String taskId = gateway.newTask();
        TestClient a = gateway.connect(taskId).awaitFrames(1);
        TestClient b = gateway.connect(taskId).awaitFrames(1);
        await().until(() -> gateway.numsub(taskId) == 1);
        a.close();
        await().until(() -> gateway.relay().connections() == 1);
        assertEquals(1, gateway.numsub(taskId));
        String event = gateway.publish(taskId, Step.SCAM_DB, 30);
        b.awaitFrames(2);
        assertEquals(List.of(event), b.events());
        b.close();
        await().until(() -> gateway.numsub(taskId) == 0);
        assertFalse(b.events().isEmpty());
    }

    @Test
    void rawEventsWithoutSeqAreRelayedAsTheyCome() {
        String taskId = gateway.newTask();
        TestClient client = gateway.connect(taskId).awaitFrames(1);
        await().until(() -> gateway.numsub(taskId) == 1);
        String raw = "{\"step\":\"scam_db\",\"tool\":\"scam_db\",\"message\":\"Checking database...\",\"percent\":30}";
        gateway.publishRaw(taskId, raw);
        String rawDone = "{\"step\":\"completed\",\"message\":\"Analysis complete!\",\"percent\":100}";
        gateway.publishRaw(taskId, rawDone);
        assertEquals(1000, client.awaitClose());
        assertEquals(List.of(raw, rawDone), client.events());
    }

    @Test
    void malformedJsonOnTheChannelIsDroppedNotRelayed() {
        String taskId = gateway.newTask();
        TestClient client = gateway.connect(taskId).awaitFrames(1);
        await().until(() -> gateway.numsub(taskId) == 1);
        gateway.publishRaw(taskId, "{\"step\":\"scam_db\",");
        gateway.publishRaw(taskId, "not json at all");
        gateway.publishRaw(taskId, "[1,2,3]");
        String good = gateway.publish(taskId, Step.SCAM_DB, 30);
        client.awaitFrames(2);
        String done = gateway.complete(taskId);
        assertEquals(1000, client.awaitClose());
        assertEquals(List.of(good, done), client.events());
        assertTrue(client.frames().stream().noneMatch(f -> f.contains("not json") || f.startsWith("[")));
    }
}

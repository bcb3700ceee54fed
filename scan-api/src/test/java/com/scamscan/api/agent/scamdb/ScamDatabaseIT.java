package com.scamscan.api.agent.scamdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.scamscan.redis.RedisNames;
import com.scamscan.testing.redis.RedisFixture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ScamDatabaseIT {

    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static ScamDatabase database;

    @BeforeAll
    static void connect() {
        client = RedisClient.create(RedisFixture.shared().uri());
        connection = client.connect();
        database = new ScamDatabase(connection.async(), RedisNames.standalone());
    }

    @AfterAll
    static void disconnect() {
        connection.close();
        client.shutdown();
    }

    @Test
    void phishingUrlListMatchesNormalisedUrls() throws IOException {
        String host = unique() + ".top";
        assertEquals(2, database.importFeed(feed("# comment\n\nhttps://" + host + "/Login/\nnot a url\nhttp://" + host
                + ":80/a#frag\n"), FeedFormat.URL_LIST));
        assertTrue(has(database.hasUrl("HTTPS://" + host.toUpperCase() + "/Login")));
        assertTrue(has(database.hasUrl("http://" + host + "/a")));
        assertFalse(has(database.hasUrl("https://" + host + "/login")), "paths keep their case");
    }

    @Test
    void malwareCsvTakesTheThirdColumn() throws IOException {
        String url = "http://" + unique() + ".example/payload.apk";
        assertEquals(1, database.importFeed(feed("# id,dateadded,url,...\n\"7\",\"2026-11-01 10:00:00\",\"" + url
                + "\",\"online\",\"x\",\"malware_download\",\"apk,\"\"quoted\"\"\",\"https://u/7/\",\"r\"\n"), FeedFormat.URL_CSV));
        assertTrue(has(database.hasUrl(url)));
    }

    @Test
    void domainListMatchesHostsAndTheirSubdomains() throws IOException {
        String bad = unique() + ".net";
        assertEquals(2, database.importFeed(feed("0.0.0.0 " + bad + "\n127.0.0.1 localhost\nplain-" + bad + "\n"), FeedFormat.DOMAIN_LIST));
        assertTrue(has(database.hasDomain(bad)));
        assertTrue(has(database.hasDomain("login.secure." + bad)));
        assertTrue(has(database.hasDomain("plain-" + bad)));
        assertFalse(has(database.hasDomain("x" + bad)));
    }

    @Test
    void phoneListIsStoredInE164() throws IOException {
        assertEquals(1, database.importFeed(feed("+1 (202) 555-0188\nnot a number\n"), FeedFormat.PHONE_LIST));
        assertTrue(has(database.hasPhone("+12025550188")));
    }

    private static boolean has(java.util.concurrent.CompletionStage<Boolean> answer) {
        return answer.toCompletableFuture().join();
    }

    private static ByteArrayInputStream feed(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String unique() {
        return "t" + UUID.randomUUID().toString().substring(0, 8);
    }
}

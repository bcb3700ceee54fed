package com.scamscan.api.agent.scamdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each format's entries, and the documents refused as a whole (with a reason a person can read). */
class FeedParserTest {

    private static final String URLHAUS_HEADER = "################\n# abuse.ch URLhaus Database Dump (CSV - recent URLs)\n"
            + "# id,dateadded,url,url_status,last_online,threat,tags,urlhaus_link,reporter\n";
    private static final String PHISHTANK_HEADER = "phish_id,url,phish_detail_url,submission_time,verified,verification_time,online,target\n";

    @Test
    void urlhausCsvTakesTheThirdColumn() throws FeedException {
        FeedParser.Parsed parsed = parse(URLHAUS_HEADER
                + "\"3001\",\"2026-11-20 08:00:00\",\"http://Bad.example.com/Payload.exe\",\"online\",\"2026-11-20 08:00:00\",\"malware_download\",\"exe,\"\"x\"\"\",\"https://urlhaus.abuse.ch/url/3001/\",\"r\"\n"
                + "\"3002\",\"2026-11-20 08:01:00\",\"https://evil.example.net:443/a/\",\"offline\",\"\",\"malware_download\",\"apk\",\"https://urlhaus.abuse.ch/url/3002/\",\"r\"\n",
                null, FeedFormat.URL_CSV);
        assertEquals(Set.of("http://bad.example.com/Payload.exe", "https://evil.example.net/a"), parsed.entries());
        assertEquals(0, parsed.unreadable());
    }

    @Test
    void phishTankCsvTakesTheSecondColumnAfterItsHeader() throws FeedException {
        FeedParser.Parsed parsed = parse(PHISHTANK_HEADER
                + "9001,https://login-paypal.example.com/x,http://www.phishtank.com/phish_detail.php?phish_id=9001,2026-11-20T08:00:00+00:00,yes,2026-11-20T08:10:00+00:00,yes,PayPal\n"
                + "9002,\"http://bank.example.org/a,b\",http://www.phishtank.com/phish_detail.php?phish_id=9002,2026-11-20T08:00:00+00:00,yes,2026-11-20T08:10:00+00:00,yes,Other\n",
                "text/csv", FeedFormat.PHISHTANK_CSV);
        assertEquals(Set.of("https://login-paypal.example.com/x", "http://bank.example.org/a,b"), parsed.entries());
    }

    @Test
    void phishTankWithoutItsHeaderIsRefused() {
        FeedException refused = assertThrows(FeedException.class, () -> parse(
                "9001,https://a.example.com/x,http://d,t,yes,t,yes,P\n", null, FeedFormat.PHISHTANK_CSV));
        assertTrue(refused.getMessage().contains("header"), refused.getMessage());
    }

    @Test
    void openPhishListTakesEveryUrlLine() throws FeedException {
        FeedParser.Parsed parsed = parse("https://a.example.com/login\r\nhttp://b.example.org/\n\nhttps://a.example.com/login\n",
                "text/plain; charset=utf-8", FeedFormat.URL_LIST);
        assertEquals(Set.of("https://a.example.com/login", "http://b.example.org"), parsed.entries());
    }

    @Test
    void hostsFileAndPlainHostLinesGiveDomains() throws FeedException {
        FeedParser.Parsed parsed = parse("# hosts\n127.0.0.1 localhost\n::1 localhost ip6-localhost\n0.0.0.0 0.0.0.0\n"
                + "0.0.0.0 bad.example.com # tracker\n0.0.0.0 one.example.net two.example.org\nplain.example.com\nNOT A HOST\n",
                null, FeedFormat.DOMAIN_LIST);
        assertEquals(Set.of("bad.example.com", "one.example.net", "two.example.org", "plain.example.com"), parsed.entries());
        assertEquals(1, parsed.unreadable());
    }

    @Test
    void phoneListIsStoredInE164() throws FeedException {
        FeedParser.Parsed parsed = parse("+1 (202) 555-0188\n+44 7700 900123\n", null, FeedFormat.PHONE_LIST);
        assertEquals(Set.of("+12025550188", "+447700900123"), parsed.entries());
    }

    @Test
    void aWebPageIsRefusedByItsContentType() {
        FeedException refused = assertThrows(FeedException.class, () -> parse("https://a.example.com/x\n",
                "text/html; charset=utf-8", FeedFormat.URL_LIST));
        assertTrue(refused.getMessage().contains("web page"), refused.getMessage());
    }

    @Test
    void aWebPageIsRefusedByItsFirstCharacter() {
        FeedException refused = assertThrows(FeedException.class, () -> parse("\uFEFF  <!DOCTYPE html><html>Rate limited</html>\n",
                "text/plain", FeedFormat.DOMAIN_LIST));
        assertTrue(refused.getMessage().contains("'<'"), refused.getMessage());
    }

    @Test
    void aCsvWithoutItsFinalLineBreakIsRefused() {
        FeedException refused = assertThrows(FeedException.class, () -> parse(URLHAUS_HEADER
                + "\"1\",\"d\",\"http://a.example.com/x\",\"online\",\"\",\"m\",\"t\",\"l\",\"r\"\n\"2\",\"d\",\"http://b.exa",
                null, FeedFormat.URL_CSV));
        assertTrue(refused.getMessage().contains("cut short"), refused.getMessage());
    }

    @Test
    void aCsvWhoseLastRowIsShortIsRefused() {
        FeedException refused = assertThrows(FeedException.class, () -> parse(PHISHTANK_HEADER
                + "1,https://a.example.com/x,http://d,t,yes,t,yes,P\n2,https://b.example.com/y,http://d\n",
                null, FeedFormat.PHISHTANK_CSV));
        assertTrue(refused.getMessage().contains("last row has 3 columns instead of 8"), refused.getMessage());
    }

    @Test
    void aDocumentWhereMostLinesAreNotEntriesIsRefused() {
        FeedException refused = assertThrows(FeedException.class, () -> parse(
                "https://a.example.com/x\nhello\nworld\n{\"json\": true}\n", null, FeedFormat.URL_LIST));
        assertEquals("3 of 4 lines are not web addresses, so the feed is not in the configured format", refused.getMessage());
    }

    @Test
    void aFewUnreadableLinesAreSkipped() throws FeedException {
        FeedParser.Parsed parsed = parse("https://a.example.com/x\nhttps://b.example.com/y\nnot a url\n", null, FeedFormat.URL_LIST);
        assertEquals(2, parsed.entries().size());
        assertEquals(1, parsed.unreadable());
    }

    private static FeedParser.Parsed parse(String body, String contentType, FeedFormat format) throws FeedException {
        return FeedParser.parse(body.getBytes(StandardCharsets.UTF_8), contentType, format, 0.5);
    }
}

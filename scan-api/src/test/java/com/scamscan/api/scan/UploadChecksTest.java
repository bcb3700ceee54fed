package com.scamscan.api.scan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.scamscan.api.problem.ProblemException;
import com.scamscan.protocol.Problem;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The controller's input checks on their own: size, text, region, the base64 of the JSON form and the Lambda caller. */
class UploadChecksTest {

    private final UploadChecks checks = new UploadChecks(1000, 5);

    @Test
    void anImageUpToTheLimitPassesAndOneByteMoreIsTooLargeInPlainUnits() {
        checks.size(1000);
        Problem problem = problem(() -> checks.size(1001));
        assertEquals("/problems/image-too-large", problem.type());
        assertEquals(413, problem.status());
    }

    @Test
    void textIsCountedInCodePointsAndMissingTextIsEmpty() {
        assertEquals("", checks.text(null, "part"));
        assertEquals("😀😀😀😀😀", checks.text("😀😀😀😀😀", "part"), "five characters, ten chars");
        Problem problem = problem(() -> checks.text("123456", "field"));
        assertEquals("/problems/bad-part", problem.type());
        assertEquals("The field 'text' is longer than 5 characters", problem.detail());
    }

    @Test
    void aRegionIsAnIsoCountryInUpperCaseOrNone() {
        assertEquals("", checks.region(null, "part"));
        assertEquals("", checks.region("  ", "part"));
        assertEquals("GB", checks.region(" gb ", "part"));
        Problem problem = problem(() -> checks.region("UK", "part"));
        assertEquals("/problems/bad-part", problem.type());
        assertEquals("The part 'region' must be an ISO 3166 two-letter country code, e.g. US", problem.detail());
    }

    @Test
    void base64MayBeWrappedOrADataUrlAndIsSizedBeforeDecoding() {
        byte[] png = "a screenshot's bytes".getBytes(StandardCharsets.UTF_8);
        String encoded = Base64.getEncoder().encodeToString(png);
        assertArrayEquals(png, Base64Image.of(encoded).decode());
        assertArrayEquals(png, Base64Image.of("data:image/png;base64," + encoded).decode());
        assertArrayEquals(png, Base64Image.of(Base64.getMimeEncoder(8, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(png)).decode());
        assertEquals(encoded, Base64Image.of(" " + encoded.substring(0, 4) + "\n" + encoded.substring(4)).encoded());
        assertEquals(encoded.length() / 4 * 3, Base64Image.of(encoded).estimatedBytes());
        assertEquals(3000, Base64Image.of("A".repeat(4000)).estimatedBytes(), "known without decoding");

        Problem problem = problem(() -> Base64Image.of("not base64!").decode());
        assertEquals("/problems/bad-part", problem.type());
        assertEquals("The field 'image' is not valid base64", problem.detail());
    }

    @Test
    void onLambdaTheCallerIsTheSourceAddressApiGatewaySaw() {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        assertEquals(Optional.empty(), CallerAddress.lambdaSourceIp(event), "no request context");
        event.setRequestContext(new APIGatewayV2HTTPEvent.RequestContext());
        assertEquals(Optional.empty(), CallerAddress.lambdaSourceIp(event), "no http description");
        event.getRequestContext().setHttp(new APIGatewayV2HTTPEvent.RequestContext.Http());
        assertEquals(Optional.empty(), CallerAddress.lambdaSourceIp(event), "no source address");
        event.getRequestContext().getHttp().setSourceIp("203.0.113.7");
        assertEquals(Optional.of("203.0.113.7"), CallerAddress.lambdaSourceIp(event));
        assertEquals(Optional.empty(), CallerAddress.lambdaSourceIp(null), "not on Lambda");
        assertEquals(Optional.empty(), CallerAddress.lambdaSourceIp("another native request"));
    }

    private static Problem problem(Runnable check) {
        return assertThrows(ProblemException.class, check::run).problem();
    }
}

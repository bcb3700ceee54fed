package com.scamscan.api.agent.tools;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.scamscan.api.agent.AgentTool;
import com.scamscan.api.agent.Analysis;
import com.scamscan.api.agent.Counts;
import com.scamscan.api.agent.Finding;
import com.scamscan.api.agent.text.PhoneRegion;
import com.scamscan.progress.Step;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks each phone number with libphonenumber: what kind of line, and from which country. A number from another
 * country than the person's is a warning sign only when their region is known (named by the request, or clear from the
 * message), not when it is only the default. What could not be read as a number is a note, never evidence.
 */
@Singleton
public class PhoneValidatorTool implements AgentTool {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    @Override
    public Step step() {
        return Step.PHONE_VALIDATOR;
    }

    @Override
    public String startMessage() {
        return "Validating phone numbers...";
    }

    @Override
    public String run(Analysis analysis) {
        List<String> phones = analysis.entities().phones();
        List<String> unreadable = analysis.unreadableNumbers();
        for (String written : unreadable) {
            analysis.add(unreadable(written));
        }
        if (phones.isEmpty()) {
            return unreadable.isEmpty() ? "No phone numbers to check" : "No readable phone numbers to check";
        }
        PhoneRegion region = analysis.phoneRegion() != null ? analysis.phoneRegion() : PhoneRegion.given(analysis.region());
        int warnings = 0;
        for (String e164 : phones) {
            List<Finding> found = judge(e164, region);
            found.forEach(analysis::add);
            warnings += (int) found.stream().filter(Finding::isSignal).count();
        }
        return (warnings == 0 ? "No warning signs" : Counts.of(warnings, "warning sign")) + " on " + Counts.of(phones.size(), "number");
    }

    /** The note for what looked like a phone number but could not be read as one. */
    Finding unreadable(String written) {
        return new Finding(name(), 0, "Could not read the number " + written + " clearly, so it was not checked", Finding.PHONE);
    }

    List<Finding> judge(String e164, PhoneRegion region) {
        List<Finding> found = new ArrayList<>();
        PhoneNumber number;
        try {
            number = PHONES.parse(e164, region.code());
        } catch (NumberParseException e) {
            found.add(unreadable(e164));
            return found;
        }
        if (!PHONES.isValidNumber(number)) {
            found.add(unreadable(e164));
            return found;
        }
        switch (PHONES.getNumberType(number)) {
            case PREMIUM_RATE -> found.add(signal(35, e164 + " is a premium-rate number: calling it costs money"));
            // shared-cost and non-geographic company numbers (UK 03xx, 0845) are what banks and carriers print:
            // worth knowing, no evidence
            case SHARED_COST -> found.add(signal(0, e164 + " is a shared-cost number: calls may cost more than a normal call"));
            case UAN -> found.add(signal(0, e164 + " is a company switchboard number, not tied to a place"));
            case VOIP -> found.add(signal(15, e164 + " is an internet (VoIP) number, cheap to set up and discard"));
            case PERSONAL_NUMBER -> found.add(signal(10, e164 + " is a 'personal' forwarding number that hides the real line"));
            default -> { }
        }
        String numberRegion = PHONES.getRegionCodeForNumber(number);
        if (region.confident() && numberRegion != null && !numberRegion.equals(region.code())
                && PHONES.getCountryCodeForRegion(region.code()) != number.getCountryCode()) {
            found.add(signal(15, e164 + " is a number from " + country(numberRegion) + ", not from your region ("
                    + country(region.code()) + ")"));
        }
        return found;
    }

    private Finding signal(int weight, String reason) {
        return new Finding(name(), weight, reason, Finding.PHONE);
    }

    private static String country(String region) {
        String name = new Locale("", region).getDisplayCountry(Locale.ENGLISH);
        return name.isEmpty() ? region : name;
    }
}

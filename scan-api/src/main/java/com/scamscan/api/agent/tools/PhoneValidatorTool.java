package com.scamscan.api.agent.tools;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.scamscan.api.agent.AgentTool;
import com.scamscan.api.agent.Analysis;
import com.scamscan.api.agent.Counts;
import com.scamscan.api.agent.Finding;
import com.scamscan.progress.Step;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Checks each phone number with libphonenumber: valid at all, what kind of line, and from which country. */
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
        if (phones.isEmpty()) {
            return "No phone numbers to check";
        }
        int warnings = 0;
        for (String e164 : phones) {
            List<Finding> found = judge(e164, analysis.region());
            found.forEach(analysis::add);
            warnings += found.size();
        }
        return (warnings == 0 ? "No warning signs" : Counts.of(warnings, "warning sign")) + " on " + Counts.of(phones.size(), "number");
    }

    List<Finding> judge(String e164, String region) {
        List<Finding> found = new ArrayList<>();
        PhoneNumber number;
        try {
            number = PHONES.parse(e164, region);
        } catch (NumberParseException e) {
            found.add(new Finding(name(), 20, e164 + " is not a phone number anyone can call back"));
            return found;
        }
        if (!PHONES.isValidNumber(number)) {
            found.add(new Finding(name(), 20, e164 + " is not a valid phone number"));
            return found;
        }
        switch (PHONES.getNumberType(number)) {
            case PREMIUM_RATE -> found.add(new Finding(name(), 35, e164 + " is a premium-rate number: calling it costs money"));
            case SHARED_COST -> found.add(new Finding(name(), 10, e164 + " is a shared-cost number"));
            case VOIP -> found.add(new Finding(name(), 15, e164 + " is an internet (VoIP) number, cheap to set up and discard"));
            case PERSONAL_NUMBER, UAN -> found.add(new Finding(name(), 10, e164 + " is a forwarding number that hides the real line"));
            default -> { }
        }
        String numberRegion = PHONES.getRegionCodeForNumber(number);
        if (numberRegion != null && !numberRegion.equals(region)
                && PHONES.getCountryCodeForRegion(region) != number.getCountryCode()) {
            found.add(new Finding(name(), 15, e164 + " is a number from " + country(numberRegion)
                    + ", not from your region (" + region + ")"));
        }
        return found;
    }

    private static String country(String region) {
        String name = new Locale("", region).getDisplayCountry(Locale.ENGLISH);
        return name.isEmpty() ? region : name;
    }
}

package com.scamscan.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How a run's figures are printed: a table of name and value, then the whole report as one JSON line. */
final class ReportFormat {

    private ReportFormat() {
    }

    static void print(Map<String, Object> report) {
        // a comparison's single runs were printed as they finished: the table has the rest
        report.forEach((k, v) -> {
            if (!k.equals("runs")) {
                System.out.printf(Locale.ROOT, "%-28s %s%n", k, v);
            }
        });
        System.out.println(json(report));
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** The report as one JSON object line. */
    static String json(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            map.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append('"').append(k).append("\":").append(json(v)));
            return out.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder out = new StringBuilder("[");
            list.forEach(v -> out.append(out.length() > 1 ? "," : "").append(json(v)));
            return out.append(']').toString();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return "\"" + String.valueOf(value).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}

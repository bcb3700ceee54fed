package com.scamscan.infra;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/** The environment's alarm topic (e-mailed to {@code alarmEmail} when set) and the alarms that notify it. */
final class Alarms {

    final Topic topic;

    Alarms(Stack stack, Sizes sizes) {
        topic = Topic.Builder.create(stack, "Alarms").displayName("ScamScan " + sizes.envName() + " alarms").build();
        if (!sizes.alarmEmail().isEmpty()) {
            topic.addSubscription(new EmailSubscription(sizes.alarmEmail()));
        }
    }

    /** An alarm in {@code scope} on {@code metric} above {@code threshold}, notifying the alarm topic. */
    Alarm alarm(Construct scope, String id, IMetric metric, double threshold, String description) {
        return alarm(scope, id, metric, threshold, 1, description);
    }

    /**
     * An alarm in {@code scope} on {@code metric} above {@code threshold} in each of {@code periods} periods in a row
     * (Prometheus's {@code for:}), notifying the alarm topic; no data (nothing happened, no task) is not breaching.
     */
    Alarm alarm(Construct scope, String id, IMetric metric, double threshold, int periods, String description) {
        Alarm alarm = Alarm.Builder.create(scope, id + "Alarm").metric(metric).threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(periods).datapointsToAlarm(periods)
                .treatMissingData(TreatMissingData.NOT_BREACHING).alarmDescription(description).build();
        alarm.addAlarmAction(new SnsAction(topic));
        return alarm;
    }
}

package com.scamscan.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.certificatemanager.CertificateValidation;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.route53.ARecord;
import software.amazon.awscdk.services.route53.HostedZone;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.amazon.awscdk.services.route53.RecordTarget;
import software.amazon.awscdk.services.route53.targets.LoadBalancerTarget;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;

/**
 * The site's front door: https://domainName (page and API) and wss://domainName/ws/... (streams), HTTPS only. The
 * domain's certificate and alias record, the internet-facing ALB with its HTTPS listener (HTTP redirects), and WAF
 * on the ALB.
 */
final class Site {

    final ApplicationLoadBalancer alb;
    final ApplicationListener listener;
    final CfnWebACL webAcl;
    /** The site's public base URL, and the gateway's for scan-api's {@code ws_url}s. */
    final String siteUrl;
    final String gatewayUrl;
    private final Stack stack;
    private final Sizes sizes;

    Site(Stack stack, Sizes sizes, Vpc vpc) {
        this.stack = stack;
        this.sizes = sizes;
        IHostedZone zone = HostedZone.fromHostedZoneAttributes(stack, "Zone", HostedZoneAttributes.builder()
                .hostedZoneId(sizes.hostedZoneId()).zoneName(sizes.hostedZoneName()).build());
        Certificate certificate = Certificate.Builder.create(stack, "Certificate").domainName(sizes.domainName())
                .validation(CertificateValidation.fromDns(zone)).build();
        SecurityGroup albGroup = SecurityGroup.Builder.create(stack, "AlbSecurityGroup").vpc(vpc)
                .description("ScamScan ALB: HTTPS (and HTTP to redirect) from anywhere").allowAllOutbound(false).build();
        alb = ApplicationLoadBalancer.Builder.create(stack, "Alb").vpc(vpc).internetFacing(true).securityGroup(albGroup)
                .idleTimeout(ContainerStack.ALB_IDLE_TIMEOUT).dropInvalidHeaderFields(true)
                .build();
        listener = alb.addListener("Https", BaseApplicationListenerProps.builder()
                .port(443).protocol(ApplicationProtocol.HTTPS).open(true).sslPolicy(SslPolicy.RECOMMENDED_TLS)
                .certificates(List.of(ListenerCertificate.fromCertificateManager(certificate))).build());
        alb.addRedirect(); // 80 -> 443, permanent
        ARecord.Builder.create(stack, "Alias").zone(zone).recordName(sizes.domainName() + ".")
                .target(RecordTarget.fromAlias(new LoadBalancerTarget(alb))).build();
        siteUrl = "https://" + sizes.domainName();
        gatewayUrl = "wss://" + sizes.domainName();
        webAcl = edgeProtection();
    }

    /** WAF on the ALB: a per-address rate limit, AWS's list of known bad inputs and of bad IP addresses. */
    private CfnWebACL edgeProtection() {
        CfnWebACL acl = CfnWebACL.Builder.create(stack, "WebAcl").name(sizes.prefix()).scope("REGIONAL")
                .defaultAction(CfnWebACL.DefaultActionProperty.builder().allow(CfnWebACL.AllowActionProperty.builder().build()).build())
                .visibilityConfig(visibility(sizes.prefix()))
                .rules(List.of(
                        CfnWebACL.RuleProperty.builder().name("rate-per-address").priority(0)
                                .action(CfnWebACL.RuleActionProperty.builder().block(CfnWebACL.BlockActionProperty.builder().build()).build())
                                .statement(CfnWebACL.StatementProperty.builder().rateBasedStatement(
                                        CfnWebACL.RateBasedStatementProperty.builder().limit(sizes.wafRequestsPer5Minutes())
                                                .aggregateKeyType("IP").build()).build())
                                .visibilityConfig(visibility("rate-per-address")).build(),
                        managedRule("AWSManagedRulesKnownBadInputsRuleSet", 1),
                        managedRule("AWSManagedRulesAmazonIpReputationList", 2)))
                .build();
        CfnWebACLAssociation.Builder.create(stack, "WebAclAlb").resourceArn(alb.getLoadBalancerArn())
                .webAclArn(acl.getAttrArn()).build();
        return acl;
    }

    private static CfnWebACL.RuleProperty managedRule(String name, int priority) {
        return CfnWebACL.RuleProperty.builder().name(name).priority(priority)
                .overrideAction(CfnWebACL.OverrideActionProperty.builder().none(Map.of()).build())
                .statement(CfnWebACL.StatementProperty.builder().managedRuleGroupStatement(
                        CfnWebACL.ManagedRuleGroupStatementProperty.builder().vendorName("AWS").name(name).build()).build())
                .visibilityConfig(visibility(name)).build();
    }

    private static CfnWebACL.VisibilityConfigProperty visibility(String name) {
        return CfnWebACL.VisibilityConfigProperty.builder().metricName(name.replaceAll("[^A-Za-z0-9]", ""))
                .cloudWatchMetricsEnabled(true).sampledRequestsEnabled(true).build();
    }

    /** The target groups' check. */
    static HealthCheck targetHealth() {
        // liveness, not readiness: a target group failing its check makes ECS replace the task, and a Redis failover
        // must not replace every task (a task without Redis answers 503 itself, quickly)
        return HealthCheck.builder().path(ContainerStack.LIVENESS_PATH).healthyHttpCodes("200")
                .interval(Duration.seconds(10)).timeout(Duration.seconds(5)).healthyThresholdCount(2).unhealthyThresholdCount(3)
                .build();
    }
}

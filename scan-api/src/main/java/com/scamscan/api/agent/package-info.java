/**
 * The analysis agent and its tools (OCR, QR decoding, scam database and feed import, web search, domain and phone
 * checks, reasoning). None of it exists where {@code scamscan.agent.enabled} is {@code false}: the API alone
 * ({@code SCAMSCAN_MODE=api}) and the Lambda function, whose application context creates every singleton at start
 * and would otherwise load the OCR engine's native libraries into a cold start.
 */
@Configuration
@Requires(property = "scamscan.agent.enabled", notEquals = "false")
package com.scamscan.api.agent;

import io.micronaut.context.annotation.Configuration;
import io.micronaut.context.annotation.Requires;

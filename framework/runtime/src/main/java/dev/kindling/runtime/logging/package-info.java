/**
 * Kindling's SLF4J 2 provider: one JSON object per line on stdout with the fields of AWS Lambda
 * Powertools' structured logs. It is found through {@code META-INF/services}, so applications and
 * their libraries log through {@code org.slf4j.Logger} with no setup; {@code -Dslf4j.provider=...}
 * selects another backend. See {@code docs/logging.md}.
 */
package dev.kindling.runtime.logging;

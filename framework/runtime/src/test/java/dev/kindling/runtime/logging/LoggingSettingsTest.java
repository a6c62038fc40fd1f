package dev.kindling.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class LoggingSettingsTest {
  private static LoggingSettings read(Map<String, String> environment) {
    return LoggingSettings.fromEnvironment(environment::get);
  }

  @Test
  void defaults() {
    LoggingSettings settings = read(Map.of());
    assertThat(settings.threshold()).isEqualTo(Level.INFO.toInt());
    assertThat(settings.service()).isNull();
    assertThat(settings.sampleRate()).isZero();
    assertThat(settings.redactedFields()).isEmpty();
    assertThat(settings.logEvent()).isFalse();
    assertThat(settings.correlationHeader()).isEqualTo("x-correlation-id");
    assertThat(settings.correlationAttribute()).isEqualTo("correlation_id");
    assertThat(settings.metricsNamespace()).isNull();
    assertThat(settings.problems()).isEmpty();
  }

  @Test
  void firstLevelVariableSetWins() {
    assertThat(read(Map.of("AWS_LAMBDA_LOG_LEVEL", "DEBUG")).threshold()).isEqualTo(Level.DEBUG.toInt());
    assertThat(read(Map.of("AWS_LAMBDA_LOG_LEVEL", "DEBUG", "POWERTOOLS_LOG_LEVEL", "error")).threshold())
        .isEqualTo(Level.ERROR.toInt());
    assertThat(read(Map.of("AWS_LAMBDA_LOG_LEVEL", "DEBUG", "POWERTOOLS_LOG_LEVEL", "ERROR", "KINDLING_LOG_LEVEL", "trace")).threshold())
        .isEqualTo(Level.TRACE.toInt());
    assertThat(read(Map.of("AWS_LAMBDA_LOG_LEVEL", "FATAL")).threshold()).isEqualTo(Level.ERROR.toInt());
    assertThat(read(Map.of("KINDLING_LOG_LEVEL", "OFF")).threshold()).isEqualTo(LoggingSettings.OFF);
  }

  @Test
  void badValuesFallBackAndAreReported() {
    LoggingSettings settings = read(Map.of("KINDLING_LOG_LEVEL", "LOUD", "POWERTOOLS_LOGGER_SAMPLE_RATE", "2"));
    assertThat(settings.threshold()).isEqualTo(Level.INFO.toInt());
    assertThat(settings.sampleRate()).isZero();
    assertThat(settings.problems()).hasSize(2).anySatisfy(p -> assertThat(p).startsWith("KINDLING_LOG_LEVEL=LOUD"));
  }

  @Test
  void kindlingNamesWinOverPowertoolsNames() {
    LoggingSettings settings =
        read(
            Map.of(
                "POWERTOOLS_SERVICE_NAME", "pt", "KINDLING_SERVICE_NAME", "kd",
                "POWERTOOLS_METRICS_NAMESPACE", "PtSpace",
                "KINDLING_LOG_REDACT", "password, cardNumber,,",
                "POWERTOOLS_LOGGER_LOG_EVENT", "true",
                "KINDLING_CORRELATION_HEADER", "X-Request-Trace",
                "KINDLING_CORRELATION_ATTRIBUTE", "traceId"));
    assertThat(settings.service()).isEqualTo("kd");
    assertThat(settings.metricsNamespace()).isEqualTo("PtSpace");
    assertThat(settings.redactedFields()).containsExactlyInAnyOrder("password", "cardnumber");
    assertThat(settings.redacts("CardNumber")).isTrue();
    assertThat(settings.redacts("card")).isFalse();
    assertThat(settings.logEvent()).isTrue();
    assertThat(settings.correlationHeader()).isEqualTo("x-request-trace");
    assertThat(settings.correlationAttribute()).isEqualTo("traceId");
  }
}

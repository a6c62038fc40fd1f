package dev.kindling.runtime.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Binds SLF4J to Kindling's JSON lines. Registered in {@code META-INF/services}; an application
 * that ships another provider selects it with {@code -Dslf4j.provider=<its class>} (SLF4J 2.0.9+),
 * which also silences SLF4J's warning about several providers.
 */
public final class KindlingServiceProvider implements SLF4JServiceProvider {
  /** The SLF4J API version this provider is compiled against. */
  public static final String REQUESTED_API_VERSION = "2.0.99";

  private static final String JBOSS_LOGGING_PROVIDER = "org.jboss.logging.provider";

  private ILoggerFactory loggerFactory;
  private IMarkerFactory markerFactory;
  private MDCAdapter mdcAdapter;

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggerFactory;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markerFactory;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdcAdapter;
  }

  @Override
  public String getRequestedApiVersion() {
    return REQUESTED_API_VERSION;
  }

  @Override
  public void initialize() {
    loggerFactory = new JsonLoggerFactory();
    markerFactory = new BasicMarkerFactory();
    mdcAdapter = new ThreadMdcAdapter();
    // jboss-logging (Hibernate Validator's) picks SLF4J on its own only next to Logback; otherwise it
    // writes to java.util.logging, whose two-line plain-text records would break the JSON log.
    if (System.getProperty(JBOSS_LOGGING_PROVIDER) == null) {
      System.setProperty(JBOSS_LOGGING_PROVIDER, "slf4j");
    }
    if (!KindlingLogging.settings().problems().isEmpty()) {
      // Not through LoggerFactory: SLF4J is still binding this provider.
      JsonLogger logger = new JsonLogger(KindlingLogging.class.getName());
      KindlingLogging.settings().problems().forEach(logger::warn);
    }
  }
}

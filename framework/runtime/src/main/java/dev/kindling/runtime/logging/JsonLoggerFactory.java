package dev.kindling.runtime.logging;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;

/** One {@link JsonLogger} per name; every logger shares the level of the invocation in progress. */
final class JsonLoggerFactory implements ILoggerFactory {
  private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();

  @Override
  public Logger getLogger(String name) {
    Logger logger = loggers.get(name);
    return logger != null ? logger : loggers.computeIfAbsent(name, JsonLogger::new);
  }
}

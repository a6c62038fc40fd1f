package dev.kindling.runtime.internal;

import dev.kindling.runtime.RecordContext;

/** Binds one record and calls the user's method; generated per batch entry. */
@FunctionalInterface
public interface RecordHandler {
  void handle(BatchRecord record, RecordContext context) throws Exception;
}

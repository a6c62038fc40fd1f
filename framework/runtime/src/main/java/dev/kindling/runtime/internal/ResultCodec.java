package dev.kindling.runtime.internal;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;

/** How an idempotent call's result is stored as JSON text and restored on a replay. */
public interface ResultCodec<T> {
  String encode(T value) throws IOException;

  T decode(String data) throws IOException;

  /** For methods that return a value bound with Jackson. */
  static <T> ResultCodec<T> json(ObjectReader reader, ObjectWriter writer) {
    return new ResultCodec<>() {
      @Override
      public String encode(T value) throws IOException {
        return writer.writeValueAsString(value);
      }

      @Override
      public T decode(String data) throws IOException {
        return data == null ? null : reader.readValue(data);
      }
    };
  }

  /** For {@code void} methods: nothing is stored. */
  static ResultCodec<Void> none() {
    return new ResultCodec<>() {
      @Override
      public String encode(Void value) {
        return null;
      }

      @Override
      public Void decode(String data) {
        return null;
      }
    };
  }
}

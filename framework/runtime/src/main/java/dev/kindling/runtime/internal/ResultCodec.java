package dev.kindling.runtime.internal;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.kindling.runtime.idempotency.IdempotencyException;
import java.io.IOException;

/**
 * How an idempotent call's value becomes what the entry returns, how that is stored, and how a
 * replay restores it. The guard calls {@link #respond} and {@link #store} only after the method
 * has returned: a failure there no longer releases the key (the side effect has happened), it is
 * stored as completed without a result, and a replay answers {@link #replay replay(null)}.
 *
 * @param <V> what the user's method returns
 * @param <R> what the entry returns: the same value, or an HTTP response
 */
public interface ResultCodec<V, R> {
  /** What the entry returns for the method's {@code value}. */
  R respond(V value) throws Exception;

  /** The stored form of {@code response}, or {@code null} when there is nothing to store. */
  String store(R response) throws IOException;

  /**
   * The response of a replay. {@code data} is {@code null} when nothing was stored: for a method
   * with a result, that means its result could not be stored, and the replay fails with
   * {@link IdempotencyException.Reason#RESULT_UNAVAILABLE} instead of running the method again.
   */
  R replay(String data) throws IOException;

  /** For methods whose value is bound with Jackson. */
  static <T> ResultCodec<T, T> json(ObjectReader reader, ObjectWriter writer) {
    return new ResultCodec<>() {
      @Override
      public T respond(T value) {
        return value;
      }

      @Override
      public String store(T value) throws IOException {
        return writer.writeValueAsString(value);
      }

      @Override
      public T replay(String data) throws IOException {
        if (data == null) {
          throw resultUnavailable();
        }
        return reader.readValue(data);
      }
    };
  }

  /** For {@code void} methods: nothing is stored. */
  static ResultCodec<Void, Void> none() {
    return NoResult.INSTANCE;
  }

  /** The replay of a call whose result could not be stored. */
  static IdempotencyException resultUnavailable() {
    return new IdempotencyException(
        IdempotencyException.Reason.RESULT_UNAVAILABLE,
        "The request was processed before, but its result could not be stored; it is not processed again",
        null);
  }

  /** The codec of {@code void} methods. */
  final class NoResult implements ResultCodec<Void, Void> {
    static final NoResult INSTANCE = new NoResult();

    private NoResult() {}

    @Override
    public Void respond(Void value) {
      return null;
    }

    @Override
    public String store(Void response) {
      return null;
    }

    @Override
    public Void replay(String data) {
      return null;
    }
  }
}

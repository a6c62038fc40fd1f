package dev.kindling.runtime.internal;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Reading and writing for {@code _FunctionHandler} entries. A payload that cannot be bound
 * fails the invocation with {@link InvalidInputException}, whose message names the field.
 */
public final class DirectInvocation {
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};

  private DirectInvocation() {}

  /** The first call of every direct-invocation entry. */
  public static void begin(com.amazonaws.services.lambda.runtime.Context context) {
    LambdaInvocation.begin(context);
  }

  public static <T> T read(InputStream input, ObjectReader reader) throws IOException {
    byte[] payload = input.readAllBytes();
    EventLog.log(payload);
    return Payloads.read(reader, payload);
  }

  public static void write(OutputStream output, ObjectWriter writer, Object result) throws IOException {
    if (result == null) {
      output.write(NULL);
      return;
    }
    writer.writeValue(output, result);
  }

  public static void writeNothing(OutputStream output) throws IOException {
    output.write(NULL);
  }

  /**
   * Rethrows a checked exception of the user's method unchanged, so the runtime reports its real
   * type, although {@code handleRequest} only declares {@link IOException}.
   */
  public static RuntimeException rethrow(Throwable failure) {
    throw DirectInvocation.<RuntimeException>unchecked(failure);
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E unchecked(Throwable failure) throws E {
    throw (E) failure;
  }
}

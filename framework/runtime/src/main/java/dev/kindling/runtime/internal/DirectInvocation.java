package dev.kindling.runtime.internal;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

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

  /**
   * The payload; an empty event or {@code null} binds to {@code null}, except that an
   * {@code Optional} payload is then empty and a primitive one ({@code long}) is missing input:
   * never a 0 the method cannot tell from a real 0.
   */
  public static <T> T read(InputStream input, ObjectReader reader) throws IOException {
    byte[] payload = input.readAllBytes();
    EventLog.log(payload);
    boolean primitive = reader.getValueType() != null && reader.getValueType().isPrimitive();
    if (primitive && isNullOrBlank(payload)) {
      throw new InvalidInputException("The payload is required");
    }
    T value = Payloads.read(reader, payload);
    return value != null ? value : Payloads.absent(reader);
  }

  /** An empty event, white space, or {@code null}: no value for a primitive. */
  private static boolean isNullOrBlank(byte[] payload) {
    return Payloads.isBlank(payload) || new String(payload, StandardCharsets.UTF_8).strip().equals("null");
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

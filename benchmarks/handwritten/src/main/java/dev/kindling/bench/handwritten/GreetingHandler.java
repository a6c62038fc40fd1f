package dev.kindling.bench.handwritten;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Variant (a), the baseline: what a careful engineer writes by hand. One static Jackson mapper, a reader and
 * a writer prepared at class init, no framework. Handler string
 * {@code dev.kindling.bench.handwritten.GreetingHandler::handleRequest}.
 */
public final class GreetingHandler implements RequestStreamHandler {
  static final double UNIT_PRICE = 2.5;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectReader REQUEST = MAPPER.readerFor(GreetingRequest.class);
  private static final ObjectWriter RESPONSE = MAPPER.writerFor(GreetingResponse.class);

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    GreetingRequest request = REQUEST.readValue(input);
    RESPONSE.writeValue(output, greet(request));
  }

  static GreetingResponse greet(GreetingRequest request) {
    return new GreetingResponse("Hello, " + request.name() + "!", request.quantity() * UNIT_PRICE);
  }
}

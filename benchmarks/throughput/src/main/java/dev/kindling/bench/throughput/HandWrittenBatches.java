package dev.kindling.bench.throughput;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * The baseline: what a careful engineer writes by hand for the same work — parse the event, bind
 * and validate each body, call the method, collect failures, write the partial batch response.
 */
final class HandWrittenBatches {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectReader CHARGE = MAPPER.readerFor(Charge.class);
  private static final ObjectReader CLICK = MAPPER.readerFor(Click.class);
  private static final Validator VALIDATOR =
      Validation.byDefaultProvider().configure().messageInterpolator(new ParameterMessageInterpolator())
          .buildValidatorFactory().getValidator();

  private HandWrittenBatches() {}

  /** SQS standard queue: report failed messageIds. */
  static RequestStreamHandler sqs(Ledger ledger) {
    return (InputStream input, OutputStream output, Context context) -> {
      JsonNode event = MAPPER.readTree(input);
      List<String> failures = new ArrayList<>();
      for (JsonNode record : event.get("Records")) {
        try {
          Charge charge = CHARGE.readValue(record.get("body").asText());
          if (!VALIDATOR.validate(charge).isEmpty()) {
            throw new IllegalArgumentException("invalid");
          }
          ledger.charge(charge);
        } catch (Exception e) {
          failures.add(record.get("messageId").asText());
        }
      }
      write(output, failures);
    };
  }

  /** Kinesis: stop at the first failure and report its sequence number. */
  static RequestStreamHandler kinesis(Ledger ledger) {
    return (InputStream input, OutputStream output, Context context) -> {
      JsonNode event = MAPPER.readTree(input);
      List<String> failures = new ArrayList<>();
      for (JsonNode record : event.get("Records")) {
        JsonNode kinesis = record.get("kinesis");
        try {
          Click click = CLICK.readValue(Base64.getDecoder().decode(kinesis.get("data").asText()));
          if (!VALIDATOR.validate(click).isEmpty()) {
            throw new IllegalArgumentException("invalid");
          }
          ledger.click(click);
        } catch (Exception e) {
          failures.add(kinesis.get("sequenceNumber").asText());
          break;
        }
      }
      write(output, failures);
    };
  }

  private static void write(OutputStream output, List<String> failures) throws IOException {
    try (JsonGenerator json = MAPPER.getFactory().createGenerator(output)) {
      json.writeStartObject();
      json.writeArrayFieldStart("batchItemFailures");
      for (String id : failures) {
        json.writeStartObject();
        json.writeStringField("itemIdentifier", id);
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
  }
}

package dev.kindling.bench.harness;

import java.util.List;
import java.util.Locale;

/**
 * What one run compares: variants started round-robin, and the ratios of their medians to print.
 *
 * @param name     {@code -Dbench.suite=} value, also in the report's file name
 * @param variants in round-robin order
 * @param ratios   each over / under, with what it means
 */
public record Suite(String name, List<Variant> variants, List<Ratio> ratios) {

  /** {@code over} / {@code under}, labelled. */
  public record Ratio(Variant over, Variant under, String meaning) {
    String label() {
      return over.key() + "/" + under.key();
    }
  }

  /** The same function hand-written, on Kindling and on Micronaut. */
  static final Suite COLD_START = new Suite("cold-start",
      List.of(Variant.HAND_WRITTEN, Variant.KINDLING, Variant.MICRONAUT),
      List.of(new Ratio(Variant.KINDLING, Variant.HAND_WRITTEN, "target <= 1.5"),
          new Ratio(Variant.KINDLING, Variant.MICRONAUT, "target <= 0.5"),
          new Ratio(Variant.MICRONAUT, Variant.HAND_WRITTEN, "Micronaut's own overhead")));

  /** The Kindling function, the same made idempotent, and that again with the DynamoDB store module. */
  static final Suite IDEMPOTENCY = new Suite("idempotency",
      List.of(Variant.KINDLING, Variant.IDEMPOTENT_IN_MEMORY, Variant.IDEMPOTENT_DYNAMODB),
      List.of(new Ratio(Variant.IDEMPOTENT_IN_MEMORY, Variant.KINDLING, "cost of @Idempotent, in-memory store"),
          new Ratio(Variant.IDEMPOTENT_DYNAMODB, Variant.IDEMPOTENT_IN_MEMORY,
              "cost of adding kindling-idempotency-dynamodb (SDK client, first PutItems)"),
          new Ratio(Variant.IDEMPOTENT_DYNAMODB, Variant.KINDLING, "idempotent on DynamoDB vs not idempotent")));

  static Suite named(String name) {
    for (Suite suite : List.of(COLD_START, IDEMPOTENCY)) {
      if (suite.name().equals(name.toLowerCase(Locale.ROOT))) {
        return suite;
      }
    }
    throw new IllegalArgumentException("bench.suite must be cold-start or idempotency: " + name);
  }

  boolean needsDynamoDbLocal() {
    return variants.stream().anyMatch(Variant::dynamoDbLocal);
  }
}

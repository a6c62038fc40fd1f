package dev.kindling.bench.idempotent;

/** {@code {"greeting":"Hello, x!","total":7.5}}. */
public record GreetingResponse(String greeting, double total) {}

package dev.kindling.bench.kindling;

/** {@code {"greeting":"Hello, x!","total":7.5}}. */
public record GreetingResponse(String greeting, double total) {}

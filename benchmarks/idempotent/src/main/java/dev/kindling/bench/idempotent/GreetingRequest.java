package dev.kindling.bench.idempotent;

/** {@code {"name":"x","quantity":3}}. */
public record GreetingRequest(String name, int quantity) {}

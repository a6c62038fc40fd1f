package dev.kindling.bench.kindling;

/** {@code {"name":"x","quantity":3}}. */
public record GreetingRequest(String name, int quantity) {}

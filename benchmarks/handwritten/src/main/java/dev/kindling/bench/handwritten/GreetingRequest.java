package dev.kindling.bench.handwritten;

/** {@code {"name":"x","quantity":3}}. */
public record GreetingRequest(String name, int quantity) {}

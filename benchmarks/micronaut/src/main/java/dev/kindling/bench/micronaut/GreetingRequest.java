package dev.kindling.bench.micronaut;

/** {@code {"name":"x","quantity":3}}. */
public record GreetingRequest(String name, int quantity) {}

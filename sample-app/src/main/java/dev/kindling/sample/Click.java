package dev.kindling.sample;

import jakarta.validation.constraints.NotBlank;

/** A page view from the web shop. */
public record Click(@NotBlank String userId, @NotBlank String page) {}

package dev.kindling.sample;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;

/** The body of {@code POST /orders}. */
public record CreateOrder(@NotBlank String customerId, @NotEmpty List<@Valid OrderLine> lines) {}

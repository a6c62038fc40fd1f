package dev.kindling.sample;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;

/** One step in an order's life, sent to a FIFO queue grouped by order id. */
public record OrderEvent(@NotBlank String orderId, @PositiveOrZero int step, @NotBlank String type) {}

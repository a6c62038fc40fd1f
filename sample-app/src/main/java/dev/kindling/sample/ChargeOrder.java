package dev.kindling.sample;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import java.math.BigDecimal;

/** A queue message asking to charge an order. */
public record ChargeOrder(@NotBlank String orderId, @NotBlank String customerId, @Positive BigDecimal amount) {}

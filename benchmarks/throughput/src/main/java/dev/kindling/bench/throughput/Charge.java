package dev.kindling.bench.throughput;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import java.math.BigDecimal;

/** An SQS message body. */
public record Charge(@NotBlank String orderId, @NotBlank String customerId, @Positive BigDecimal amount) {}

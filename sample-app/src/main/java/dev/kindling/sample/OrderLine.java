package dev.kindling.sample;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import java.math.BigDecimal;

/** One line of an order. */
public record OrderLine(@NotBlank String sku, @Positive int quantity, @Positive BigDecimal unitPrice) {}

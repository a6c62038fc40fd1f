package dev.kindling.sample;

import java.math.BigDecimal;

/** An order as the orders table stores it. */
public record OrderRecord(String id, String customerId, String status, BigDecimal total) {}

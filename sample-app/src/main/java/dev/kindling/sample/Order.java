package dev.kindling.sample;

import java.math.BigDecimal;
import java.util.List;

/** A stored order. */
public record Order(String id, String customerId, List<OrderLine> lines, BigDecimal total, OrderStatus status) {}

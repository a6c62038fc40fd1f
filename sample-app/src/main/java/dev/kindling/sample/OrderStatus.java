package dev.kindling.sample;

/** Where an order is in its life. */
public enum OrderStatus {
  NEW,
  CHARGED,
  CANCELLED
}

package com.acme.catalog;

import dev.kindling.annotation.FunctionHandler;
import dev.kindling.annotation.HttpRoute;
import dev.kindling.annotation.PathParam;
import jakarta.inject.Singleton;

/** A bean nested in another class, holding both an HTTP route and a function. */
public final class Catalog {
  private Catalog() {}

  public record Product(String sku, long priceCents) {}

  @Singleton
  public static class Products {
    @HttpRoute(path = "/products/{sku}")
    public Product find(@PathParam String sku) {
      return new Product(sku, 100);
    }

    @FunctionHandler
    public Product reprice(Product product) {
      return new Product(product.sku(), product.priceCents() * 2);
    }
  }
}

package com.acme;

import dev.kindling.annotation.FunctionHandler;
import jakarta.inject.Singleton;

@Singleton
public class PayloadTypeInterface {
  public interface Shape {
    double area();
  }

  @FunctionHandler
  public double area(Shape shape) { // expect: PayloadType
    return shape.area();
  }
}

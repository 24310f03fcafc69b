"""Neural Network Playground: build, train and look inside neural networks."""

__version__ = "0.1.0"

// Specs shared by the language server tests: a networks file and an experiment importing it.
export const networksMtl = `network nn1 { input 784  dense h1 50 sigmoid  output y 10 softmax }

network nn3 {
  input 784
  dense h1 70 sigmoid
  dense h2 60 sigmoid
  dense h3 50 sigmoid
  output y 10 softmax
}
`;

export const experimentMtl = `import "networks.mtl"

experiment e3 {
  data mnist {
    labeled   1000
    unlabeled 10000
    seed      1
  }

  network nn3

  reconstruct h1, h2 {
    noise   mask(0.25)
    decoder sigmoid
  }

  weights {
    reconstruction = exp(-t / 40)
    supervised     = 1 - reconstruction
  }

  train {
    epochs    100
    batch     600
    optimizer sgd
    lr        = t < T - 50 ? 0.01 : 0.005
    seed      7
    order alternate {
      step reconstruction on batch
      step supervised     on labeled
    }
  }
}
`;

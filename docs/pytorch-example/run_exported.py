"""Runs the policy that `aajr export` wrote in onnxruntime, beside the original PyTorch actor."""
import numpy as np
import onnxruntime as ort
import torch
from safetensors.torch import load_file

x = np.array([[0.5, -0.25], [-0.5, 0.5]])
session = ort.InferenceSession("actor64.onnx")              # float64 tensors: input and output are float64
print("onnxruntime (float64):", session.run(None, {"input": x})[0].tolist())

state = load_file("actor_critic.safetensors")
actor = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.ReLU(), torch.nn.Linear(8, 8), torch.nn.ReLU(),
                            torch.nn.Linear(8, 2), torch.nn.Hardtanh())
actor.load_state_dict({k[len("actor."):]: v for k, v in state.items() if k.startswith("actor.")})
print("PyTorch (float32):    ", actor(torch.tensor(x, dtype=torch.float32)).tolist())

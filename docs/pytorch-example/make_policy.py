"""A small PyTorch actor-critic, trained for a few steps and saved both ways aajr reads."""
import torch
from torch import nn
from safetensors.torch import save_file

torch.manual_seed(0)


class ActorCritic(nn.Module):
    def __init__(self):
        super().__init__()
        # The actor is piecewise linear (ReLU, Hardtanh): aajr can verify it.
        self.actor = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 8), nn.ReLU(),
                                   nn.Linear(8, 2), nn.Hardtanh())
        # The critic uses Tanh: aajr refuses it, and does not need it.
        self.critic = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 1))

    def forward(self, s):
        return self.actor(s), self.critic(s)


model = ActorCritic()
# A few steps of supervised training of the actor towards a target action a*(s) = (s1 - s0, s0 * s1) / 2.
opt = torch.optim.Adam(model.parameters(), lr=0.01)
for step in range(300):
    s = torch.rand(64, 2) * 2 - 1
    target = torch.stack([(s[:, 1] - s[:, 0]) / 2, s[:, 0] * s[:, 1] / 2], dim=1)
    action, _ = model(s)
    loss = 0.5 * ((action - target) ** 2).sum(dim=1).mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
print(f"final training loss {loss.item():.4f}")

model.eval()
save_file(model.state_dict(), "actor_critic.safetensors")
torch.onnx.export(model, (torch.zeros(1, 2),), "actor_critic.onnx",
                  input_names=["state"], output_names=["action", "value"])

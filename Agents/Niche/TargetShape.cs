namespace ActionPerception.Agents.Niche;

/// <summary>How the predictive niche turns the taste posterior into a target (<see cref="PredictiveSettings.Shape"/>).</summary>
public enum TargetShape
{
    /// <summary>Uniform over {x : upper end of the 90 % interval of P(like | x) ≥ τ}, or over the k most likely patterns when that set is smaller than k.</summary>
    Flat,

    /// <summary>q(x) ∝ P(like | x)^β over every pattern.</summary>
    Power,
}

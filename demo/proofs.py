"""Demo 证明事项 (load_demo, after the implementations, before the lists): the city's clearance
(data/proofs.yaml) saved through the proof service; the demo materials that ask for a retained proof then
name it, and those that asked for a cancelled one become 告知承诺, each implementation rewritten through
its service (history and feed entries as an edit writes them)."""

from collections import Counter

from config_models.models import Implementation, Material, Necessity, Proof, ProofStatus, Region, in_subtree
from config_models.services.implementation import implementation_save
from config_models.services.proof import proof_save
from demo.datafiles import read

REASON = "演示数据"


def apply_proofs(regions: dict[str, Region], city_code: str, created: Counter) -> None:
    city = regions[city_code]
    data = read("proofs")
    existing = {proof.name: proof for proof in Proof.objects.filter(region=city)}
    asking: dict[str, tuple[Proof, dict]] = {}  # material name -> the proof it asks for, and its entry
    for order, spec in enumerate(data["proofs"]):
        proof = existing.get(spec["name"])
        if proof is None:
            cancelled = spec.get("cancelled", "")
            proof = proof_save(proof=Proof(
                region=city, name=spec["name"], issuing_body=spec["body"], legal_basis=spec.get("basis", ""),
                status=ProofStatus.CANCELLED if cancelled else ProofStatus.RETAINED, replacement=cancelled,
                pledge_allowed=spec.get("pledge", False), data_sharing=spec.get("sharing", False), sort_order=order,
            ), reason=REASON)
            created["proofs"] += 1
        for material in spec.get("materials", []):
            asking[material] = (proof, spec)
    # Materials not linked yet (a second run finds none): retained proofs are named, cancelled ones pledged.
    unlinked = Material.objects.filter(in_subtree(city, "implementation__region"), name__in=asking,
                                       proof__isnull=True).exclude(necessity=Necessity.PLEDGE)
    implementations = Implementation.objects.filter(pk__in=unlinked.values("implementation_id")).order_by("pk")
    for implementation in implementations:
        materials = list(implementation.materials.all())
        for material in materials:
            material.pk = None  # the service writes the implementation's materials anew
            if material.name not in asking or material.necessity == Necessity.PLEDGE:
                continue
            proof, spec = asking[material.name]
            if proof.status == ProofStatus.RETAINED:
                material.proof = proof
            else:
                material.necessity = Necessity.PLEDGE
                material.pledge_text = spec["pledge_text"]
                material.false_pledge_consequence = data["false_pledge_consequence"]
                created["pledged_materials"] += 1
        implementation_save(implementation=implementation, materials=materials, reason=REASON)

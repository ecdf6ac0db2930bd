"""Demo data for the `ami_references` collector in moto: the old cross-account AMI monitoring's
alert case. The image factory account (the first demo account) builds two images and shares both
with a workload account (the second); the workload launches an instance and a launch template
from the first and an instance from the second; then the factory deregisters the first.

On the demo, awsgov_ami_references shows the deregistered image still used by one instance and one
launch template (and the second image available), awsgov_ami_dangling_reference_info names the
instance and the template, and AwsAmiReferencedAfterRemoval's description lists them, as the old
e-mail did. The seed runs before the exporter's first collection, so the exporter never saw the
image listed: the demo config sets unresolved_images_owner to the factory account.
moto cannot disable an image (no DisableImage), so the demo has no `disabled` reference.
"""

REGION = "eu-west-1"


def _image(ec2, name):
    public = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
    builder = ec2.run_instances(ImageId=public, MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
    image_id = ec2.create_image(InstanceId=builder, Name=name)["ImageId"]
    ec2.terminate_instances(InstanceIds=[builder])  # a terminated builder references nothing
    return image_id


def seed(demo):
    accounts = list(demo.accounts)
    if len(accounts) < 2 or REGION not in demo.regions:
        return None
    factory, workload = accounts[0], accounts[1]
    owner_ec2 = demo.client("ec2", factory, REGION)
    retired = _image(owner_ec2, "demo-golden-2026-01")
    current = _image(owner_ec2, "demo-golden-2026-02")
    for image_id in (retired, current):
        owner_ec2.modify_image_attribute(
            ImageId=image_id, LaunchPermission={"Add": [{"UserId": workload}]})

    ec2 = demo.client("ec2", workload, REGION)
    instance = ec2.run_instances(ImageId=retired, MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
    ec2.run_instances(ImageId=current, MinCount=1, MaxCount=1)
    template = ec2.create_launch_template(
        LaunchTemplateName="demo-web",
        LaunchTemplateData={"ImageId": retired, "InstanceType": "t3.micro"},
    )["LaunchTemplate"]["LaunchTemplateId"]

    owner_ec2.deregister_image(ImageId=retired)
    return {"deregistered_image": retired, "instance": instance, "launch_template": template}

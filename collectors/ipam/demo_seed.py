"""Demo data for the `ipam` collector in moto: VPCs (one with a secondary CIDR, one without
subnets) and subnets at different fill levels, one above the 80 % alert threshold.

moto lowers a subnet's AvailableIpAddressCount by one per network interface created in it, so
fill levels are made with ENIs: a /28 has 16 addresses, 5 reserved by AWS, so 10 ENIs leave 1
available and the subnet is (16 - 1) / 16 = 93.75 % used.
"""


def _tags(name):
    return [{"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": name}]}]


def _subnet(ec2, vpc_id, cidr, enis, name):
    subnet_id = ec2.create_subnet(
        VpcId=vpc_id, CidrBlock=cidr,
        TagSpecifications=[{"ResourceType": "subnet",
                            "Tags": [{"Key": "Name", "Value": name}]}])["Subnet"]["SubnetId"]
    for _ in range(enis):
        ec2.create_network_interface(SubnetId=subnet_id)
    return subnet_id


def _main_vpc(ec2):
    vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16",
                            TagSpecifications=_tags("demo-app"))["Vpc"]["VpcId"]
    ec2.associate_vpc_cidr_block(VpcId=vpc_id, CidrBlock="100.64.0.0/24")
    _subnet(ec2, vpc_id, "10.0.0.0/24", 3, "demo-app-a")      # (5 + 3) / 256 = 3 %
    _subnet(ec2, vpc_id, "10.0.1.0/26", 20, "demo-app-b")     # (5 + 20) / 64 = 39 %
    _subnet(ec2, vpc_id, "10.0.2.0/28", 10, "demo-app-full")  # (5 + 10) / 16 = 94 %: alerts
    _subnet(ec2, vpc_id, "100.64.0.0/26", 0, "demo-app-pods")  # secondary CIDR 25 % covered
    ec2.create_vpc(CidrBlock="10.1.0.0/20", TagSpecifications=_tags("demo-empty"))  # ratio 0


def _small_vpc(ec2, second_octet):
    vpc_id = ec2.create_vpc(CidrBlock=f"10.{second_octet}.0.0/24",
                            TagSpecifications=_tags("demo-shared"))["Vpc"]["VpcId"]
    _subnet(ec2, vpc_id, f"10.{second_octet}.0.0/25", 8, "demo-shared-a")  # (5 + 8) / 128 = 10 %


def seed(demo):
    accounts = list(demo.accounts)[:2]
    regions = list(demo.regions)[:2]
    if not accounts or not regions:
        return
    _main_vpc(demo.client("ec2", accounts[0], regions[0]))
    # One small VPC in each other account/region pair, so dashboards show several targets.
    second_octet = 20
    for account in accounts:
        for region in regions:
            if (account, region) == (accounts[0], regions[0]):
                continue
            _small_vpc(demo.client("ec2", account, region), second_octet)
            second_octet += 1
